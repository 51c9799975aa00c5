package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

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
    private static final String SERVICE_FILE = "META-INF/services/" + ProviderPlugin.class.getName();
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
                        failures.add(new PluginLoadFailure(className, PluginLoadFailure.Reason.DESCRIPTOR_FAILED, "descriptor() returned null"));
                        continue;
                    }
                } catch (RuntimeException | LinkageError e) {
                    failures.add(PluginLoadFailure.of(className, e instanceof LinkageError
                            ? PluginLoadFailure.Reason.LINKAGE_FAILED : PluginLoadFailure.Reason.DESCRIPTOR_FAILED, e));
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
            // The service loader reads the service files in the order listedEntries does and reports
            // a broken entry by throwing, in that same order. So the first listed entry it has not
            // yet produced is the one that failed: that names the plug-in without reading the
            // text of the JDK's error.
            Deque<ListedEntry> pending = new ArrayDeque<>(listedEntries(loader));
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
                } catch (ServiceConfigurationError | LinkageError e) {
                    dropSilentlySkipped(loader, pending);
                    ListedEntry failed = pending.isEmpty() ? ListedEntry.UNKNOWN : pending.removeFirst();
                    failures.add(failed.badFile() != null
                            ? new PluginLoadFailure("unknown", PluginLoadFailure.Reason.BAD_SERVICE_FILE, failed.badFile())
                            : PluginLoadFailure.of(failed.className(), lookupReason(loader, failed.className(), e), e));
                    continue;
                }
                String type = entry.type().getName();
                pending.removeIf(listed -> type.equals(listed.className()));
                try {
                    found.add(entry.get());
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    failures.add(PluginLoadFailure.of(type, e instanceof LinkageError || e.getCause() instanceof LinkageError
                            ? PluginLoadFailure.Reason.LINKAGE_FAILED : PluginLoadFailure.Reason.CONSTRUCTOR_FAILED, e));
                }
            }
            return found;
        }

        /**
         * Drops the leading entries the service loader passes over without a word: a listed class
         * that belongs to a named module (the loader finds such providers through the module's own
         * declaration instead, never through a service file).
         */
        private static void dropSilentlySkipped(ClassLoader loader, Deque<ListedEntry> pending) {
            while (!pending.isEmpty() && pending.peekFirst().className() != null) {
                try {
                    if (!Class.forName(pending.peekFirst().className(), false, loader).getModule().isNamed()) {
                        return;
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    return;
                }
                pending.removeFirst();
            }
        }

        /**
         * Why the service loader refused {@code className} before instantiating it, decided by
         * looking at the class rather than at the error's message: absent, unlinkable, or present
         * but not a plug-in (not a subtype, or no public no-argument constructor).
         */
        private static PluginLoadFailure.Reason lookupReason(ClassLoader loader, String className, Throwable failure) {
            if (failure instanceof LinkageError) {
                return PluginLoadFailure.Reason.LINKAGE_FAILED;
            }
            try {
                Class.forName(className, false, loader);
                return PluginLoadFailure.Reason.NOT_A_PLUGIN;
            } catch (ClassNotFoundException e) {
                return PluginLoadFailure.Reason.CLASS_NOT_FOUND;
            } catch (LinkageError e) {
                return PluginLoadFailure.Reason.LINKAGE_FAILED;
            }
        }

        /**
         * One entry of the service files as the service loader sees them: a class name, or a whole
         * file that is not a list of class names (the loader gives up on such a file at its first
         * bad line and reports it once).
         */
        private record ListedEntry(String className, String badFile) {
            static final ListedEntry UNKNOWN = new ListedEntry("unknown", null);
        }

        /**
         * The entries of the service files, read with the service loader's own rules (comments after
         * {@code #}, one Java class name a line, a name listed twice counts once), in its order.
         */
        private static List<ListedEntry> listedEntries(ClassLoader loader) {
            List<ListedEntry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Enumeration<URL> files;
            try {
                files = loader.getResources(SERVICE_FILE);
            } catch (IOException e) {
                return entries; // the service loader fails the same way and reports it; names fall back to "unknown"
            }
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                List<ListedEntry> inFile = new ArrayList<>();
                int lineNumber = 0;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lineNumber++;
                        int hash = line.indexOf('#');
                        String name = (hash < 0 ? line : line.substring(0, hash)).strip();
                        if (name.isEmpty()) {
                            continue;
                        }
                        if (!isClassName(name)) {
                            inFile = List.of(new ListedEntry(null, SERVICE_FILE + " in " + file + ", line " + lineNumber
                                    + ": is not a class name, so the service loader skips this file"));
                            break;
                        }
                        if (seen.add(name)) {
                            inFile.add(new ListedEntry(name, null));
                        }
                    }
                } catch (IOException e) {
                    inFile = List.of(new ListedEntry(null, SERVICE_FILE + " in " + file + ": cannot be read (" + e.getClass().getName() + ")"));
                }
                entries.addAll(inFile);
            }
            return entries;
        }

        private static boolean isClassName(String name) {
            if (!Character.isJavaIdentifierStart(name.codePointAt(0))) {
                return false;
            }
            return name.codePoints().skip(1).allMatch(cp -> cp == '.' || Character.isJavaIdentifierPart(cp));
        }
    }
}
