package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Describes a provider plug-in without opening it: its id, a display name, the SPI version it
 * was written against, the capabilities it offers and the configuration keys it reads.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ProviderDescriptor {
    private final ProviderId id;
    private final String displayName;
    private final SpiVersion spiVersion;
    private final Set<Capability> capabilities;
    private final List<ConfigKey> configKeys;

    private ProviderDescriptor(Builder b) {
        this.id = Require.nonNull("descriptor.id", b.id);
        this.displayName = Require.text("descriptor.displayName", b.displayName, 80);
        this.spiVersion = Require.nonNull("descriptor.spiVersion", b.spiVersion);
        this.capabilities = Set.copyOf(b.capabilities);
        this.configKeys = List.copyOf(Require.elements("descriptor.configKeys", b.configKeys, 64));
        Set<String> seen = new HashSet<>();
        for (ConfigKey k : configKeys) {
            if (!seen.add(k.name())) {
                throw DammException.invalid("descriptor.configKeys", "key '" + k.name() + "' is listed twice");
            }
        }
    }

    /** Starts a descriptor for {@code id}, written against {@link SpiVersion#CURRENT}. */
    public static Builder builder(String id) {
        return new Builder(ProviderId.of(id));
    }

    public ProviderId id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public SpiVersion spiVersion() {
        return spiVersion;
    }

    /** The declared capabilities, as a fresh mutable copy. */
    public EnumSet<Capability> capabilities() {
        return capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** The configuration keys the plug-in reads, in the order the plug-in listed them. */
    public List<ConfigKey> configKeys() {
        return configKeys;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderDescriptor d && id.equals(d.id) && displayName.equals(d.displayName)
                && spiVersion.equals(d.spiVersion) && capabilities.equals(d.capabilities) && configKeys.equals(d.configKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, displayName, spiVersion, capabilities, configKeys);
    }

    @Override
    public String toString() {
        List<String> caps = new ArrayList<>();
        for (Capability c : capabilities()) {
            caps.add(c.code());
        }
        return "ProviderDescriptor[" + id + " \"" + displayName + "\", spi " + spiVersion + ", " + caps + "]";
    }

    /** Builds a {@link ProviderDescriptor}; not thread-safe. */
    public static final class Builder {
        private final ProviderId id;
        private String displayName;
        private SpiVersion spiVersion = SpiVersion.CURRENT;
        private final EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
        private final List<ConfigKey> configKeys = new ArrayList<>();

        private Builder(ProviderId id) {
            this.id = id;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** Overrides the SPI version; plug-ins normally keep the default, {@link SpiVersion#CURRENT}. */
        public Builder spiVersion(SpiVersion spiVersion) {
            this.spiVersion = spiVersion;
            return this;
        }

        public Builder capability(Capability capability) {
            capabilities.add(Require.nonNull("descriptor.capability", capability));
            return this;
        }

        public Builder capabilities(Collection<Capability> capabilities) {
            Require.elements("descriptor.capabilities", capabilities, Capability.values().length * 4);
            this.capabilities.addAll(capabilities);
            return this;
        }

        public Builder configKey(ConfigKey key) {
            configKeys.add(Require.nonNull("descriptor.configKey", key));
            return this;
        }

        public ProviderDescriptor build() {
            return new ProviderDescriptor(this);
        }
    }
}
