package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What DAMM asks a {@link TunnelTerm} provider for: a named managed tunnel delivering to one
 * DAMM endpoint.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class TunnelSpec {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private final String name;
    private final Endpoint origin;
    private final Map<String, String> labels;
    private final IdempotencyKey idempotencyKey;

    private TunnelSpec(Builder b) {
        this.name = Require.matches("tunnelSpec.name", b.name, NAME, 63,
                "1-63 letters, digits, '-', '_' or '.', starting and ending alphanumeric");
        this.origin = Require.nonNull("tunnelSpec.origin", b.origin);
        this.labels = Labels.copyOf("tunnelSpec.labels", b.labels, false);
        this.idempotencyKey = Require.nonNull("tunnelSpec.idempotencyKey", b.idempotencyKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tunnel's name at the provider. */
    public String name() {
        return name;
    }

    /** The DAMM endpoint the tunnel delivers to. */
    public Endpoint origin() {
        return origin;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public IdempotencyKey idempotencyKey() {
        return idempotencyKey;
    }

    /** {@link #labels()} plus the idempotency key, as an adapter stores them. */
    public Map<String, String> providerLabels() {
        return Labels.withKey(labels, idempotencyKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TunnelSpec s && name.equals(s.name) && origin.equals(s.origin) && labels.equals(s.labels)
                && idempotencyKey.equals(s.idempotencyKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, origin, labels, idempotencyKey);
    }

    @Override
    public String toString() {
        return "TunnelSpec[" + name + " to " + origin + ", labels=" + labels + ", idempotencyKey=" + idempotencyKey + "]";
    }

    /** Builds a {@link TunnelSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private Endpoint origin;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private IdempotencyKey idempotencyKey;

        private Builder() {}

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder origin(Endpoint origin) {
            this.origin = origin;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(Require.nonNull("tunnelSpec.labels", labels));
            return this;
        }

        public Builder idempotencyKey(String key) {
            this.idempotencyKey = IdempotencyKey.of(key);
            return this;
        }

        public TunnelSpec build() {
            return new TunnelSpec(this);
        }
    }
}
