package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider plug-ins available to this process: those {@link ServiceLoader} finds and those
 * added explicitly, indexed by id. Building the registry only instantiates plug-ins and reads their
 * descriptors; no adapter is opened until {@link #open(ProviderConfig)} is called with a
 * configuration that names a provider.
 *
 * <p>A plug-in that fails to load (missing or unlinkable class, throwing constructor, invalid
 * descriptor) is listed in {@link #loadFailures()} and the others keep working. Two plug-ins with
 * one id, or a plug-in written for another SPI major version, make {@link Builder#build()} throw a
 * {@code CONFIGURATION_ERROR} naming both sides. The same plug-in class arriving twice (discovered
 * and added explicitly) is kept once, the explicit instance winning.
 *
 * <p>A registry is immutable and safe to share between threads.
 */
public final class ProviderRegistry {
    private static final Pattern CLASS_IN_MESSAGE = Pattern.compile("Provider (\\S+) (?:not found|could not be instantiated)|(\\S+) not a subtype");
    /** Guards against a service loader that keeps reporting the same broken entry. */
    private static final int MAX_ENTRIES = 10_000;

    private final Map<ProviderId, ProviderPlugin> plugins;
    private final Map<ProviderId, ProviderDescriptor> descriptors;
    private final List<PluginLoadFailure> loadFailures;

    private ProviderRegistry(Map<ProviderId, ProviderPlugin> plugins, Map<ProviderId, ProviderDescriptor> descriptors,
                             List<PluginLoadFailure> loadFailures) {
        this.plugins = Map.copyOf(plugins);
        this.descriptors = Map.copyOf(descriptors);
        this.loadFailures = List.copyOf(loadFailures);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The descriptors of every usable plug-in, sorted by id. */
    public List<ProviderDescriptor> plugins() {
        return List.copyOf(new TreeMap<>(descriptors).values());
    }

    /** The plug-in with {@code id}, if registered. */
    public Optional<ProviderPlugin> plugin(ProviderId id) {
        return Optional.ofNullable(plugins.get(Require.nonNull("id", id)));
    }

    /** The plug-ins that were found but could not be loaded, in discovery order. */
    public List<PluginLoadFailure> loadFailures() {
        return loadFailures;
    }

    /**
     * Opens an adapter for the provider {@code config} names, after checking that every key the
     * plug-in's descriptor marks required is present.
     *
     * <p>Blocks for as long as the plug-in's {@link ProviderPlugin#open} does. An unknown id is a
     * {@code CONFIGURATION_ERROR} listing the known ids.
     */
    public ProviderAdapter open(ProviderConfig config) {
        Require.nonNull("config", config);
        ProviderPlugin plugin = plugins.get(config.provider());
        if (plugin == null) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "provider: unknown id '" + config.provider()
                    + "'; known: " + new TreeMap<>(descriptors).keySet()
                    + (loadFailures.isEmpty() ? "" : "; failed to load: " + loadFailures));
        }
        ProviderDescriptor d = descriptors.get(config.provider());
        for (ConfigKey key : d.configKeys()) {
            if (key.required() && !config.has(key.name())) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, key.name() + ": required by provider '" + d.id()
                        + "' (" + key.description() + ") but not configured");
            }
        }
        return plugin.open(config);
    }

    @Override
    public String toString() {
        return "ProviderRegistry[" + new TreeMap<>(descriptors).keySet() + (loadFailures.isEmpty() ? "" : ", failures=" + loadFailures) + "]";
    }

    /** Collects plug-ins; not thread-safe. */
    public static final class Builder {
        private final List<ClassLoader> discoverFrom = new ArrayList<>();
        private final List<ProviderPlugin> explicit = new ArrayList<>();

        private Builder() {}

        /** Also registers every plug-in {@code META-INF/services} lists in {@code loader}'s class path. */
        public Builder discover(ClassLoader loader) {
            discoverFrom.add(Require.nonNull("loader", loader));
            return this;
        }

        /** Also registers {@code plugin}, as if it had been discovered. */
        public Builder add(ProviderPlugin plugin) {
            explicit.add(Require.nonNull("plugin", plugin));
            return this;
        }

        /**
         * Instantiates discovered plug-ins and reads every descriptor.
         *
         * @throws DammException {@code CONFIGURATION_ERROR} for duplicate ids or SPI major mismatches
         */
        public ProviderRegistry build() {
            List<PluginLoadFailure> failures = new ArrayList<>();
            Map<String, ProviderPlugin> byClass = new LinkedHashMap<>();
            for (ClassLoader loader : discoverFrom) {
                for (ProviderPlugin p : load(loader, failures)) {
                    byClass.putIfAbsent(p.getClass().getName(), p);
                }
            }
            for (ProviderPlugin p : explicit) {
                byClass.put(p.getClass().getName(), p); // explicit wins over a discovered instance of the same class
            }
            Map<ProviderId, ProviderPlugin> plugins = new LinkedHashMap<>();
            Map<ProviderId, ProviderDescriptor> descriptors = new LinkedHashMap<>();
            for (ProviderPlugin p : byClass.values()) {
                String className = p.getClass().getName();
                ProviderDescriptor d;
                try {
                    d = p.descriptor();
                    if (d == null) {
                        failures.add(new PluginLoadFailure(className, "descriptor() returned null"));
                        continue;
                    }
                } catch (RuntimeException | LinkageError e) {
                    failures.add(PluginLoadFailure.of(className, e));
                    continue;
                }
                if (!d.spiVersion().runsOn(SpiVersion.CURRENT)) {
                    throw new DammException(ErrorCode.CONFIGURATION_ERROR, "provider plug-in " + className + " ('" + d.id()
                            + "') was written for SPI " + d.spiVersion() + ", but this SPI is " + SpiVersion.CURRENT
                            + "; major versions must match");
                }
                ProviderPlugin other = plugins.putIfAbsent(d.id(), p);
                if (other != null) {
                    throw new DammException(ErrorCode.CONFIGURATION_ERROR, "provider: id '" + d.id() + "' is claimed by both "
                            + other.getClass().getName() + " and " + className);
                }
                descriptors.put(d.id(), d);
            }
            return new ProviderRegistry(plugins, descriptors, failures);
        }

        private static List<ProviderPlugin> load(ClassLoader loader, List<PluginLoadFailure> failures) {
            List<ProviderPlugin> found = new ArrayList<>();
            Iterator<String> listed = listedClassNames(loader).iterator();
            // The stream's iterator is lazy: a broken entry throws from hasNext()/next() and the
            // following call resumes with the next entry, so one bad jar cannot hide the rest.
            Iterator<ServiceLoader.Provider<ProviderPlugin>> it = ServiceLoader.load(ProviderPlugin.class, loader).stream().iterator();
            for (int i = 0; i < MAX_ENTRIES; i++) {
                ServiceLoader.Provider<ProviderPlugin> entry;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    entry = it.next();
                    if (listed.hasNext()) {
                        listed.next();
                    }
                } catch (ServiceConfigurationError | LinkageError e) {
                    String next = listed.hasNext() ? listed.next() : "unknown";
                    failures.add(PluginLoadFailure.of(classNameIn(e).orElse(next), e));
                    continue;
                }
                try {
                    found.add(entry.get());
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    failures.add(PluginLoadFailure.of(entry.type().getName(), e));
                }
            }
            return found;
        }

        private static Optional<String> classNameIn(Throwable e) {
            if (e instanceof ServiceConfigurationError) {
                Matcher m = CLASS_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
                if (m.find()) {
                    return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
            return Optional.empty();
        }

        /**
         * The class names the service files list, in the order the service loader reads them.
         * Only used to name a plug-in whose class failed to link (a {@link LinkageError} names the
         * missing dependency, not the plug-in).
         */
        private static List<String> listedClassNames(ClassLoader loader) {
            List<String> names = new ArrayList<>();
            try {
                Enumeration<URL> files = loader.getResources("META-INF/services/" + ProviderPlugin.class.getName());
                while (files.hasMoreElements()) {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            int hash = line.indexOf('#');
                            String name = (hash < 0 ? line : line.substring(0, hash)).strip();
                            if (!name.isEmpty() && !names.contains(name)) {
                                names.add(name);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // The service loader reports unreadable files itself; names just fall back to "unknown".
            }
            return names;
        }
    }
}
