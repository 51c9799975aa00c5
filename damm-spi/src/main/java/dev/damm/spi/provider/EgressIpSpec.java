package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What DAMM asks an {@link Egress} provider for: an outbound address of one family in a region,
 * optionally attached to one named node.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class EgressIpSpec {
    private final RegionCode region;
    private final String nodeId;
    private final AddressFamily family;
    private final Map<String, String> labels;
    private final IdempotencyKey idempotencyKey;

    private EgressIpSpec(Builder b) {
        this.region = Require.nonNull("egressIpSpec.region", b.region);
        this.nodeId = Require.optionalText("egressIpSpec.nodeId", b.nodeId, 128);
        this.family = Require.nonNull("egressIpSpec.family", b.family);
        this.labels = Labels.copyOf("egressIpSpec.labels", b.labels, false);
        this.idempotencyKey = Require.nonNull("egressIpSpec.idempotencyKey", b.idempotencyKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    public RegionCode region() {
        return region;
    }

    /** The provider-side node (or configured host) the address belongs to, if the caller chose one. */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    /** The address family wanted; {@link AddressFamily#IPV4} unless set. */
    public AddressFamily family() {
        return family;
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
        return o instanceof EgressIpSpec s && region.equals(s.region) && Objects.equals(nodeId, s.nodeId) && family == s.family
                && labels.equals(s.labels) && idempotencyKey.equals(s.idempotencyKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, nodeId, family, labels, idempotencyKey);
    }

    @Override
    public String toString() {
        return "EgressIpSpec[" + family + " in " + region + (nodeId == null ? "" : " for " + nodeId) + ", labels=" + labels
                + ", idempotencyKey=" + idempotencyKey + "]";
    }

    /** Builds an {@link EgressIpSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private RegionCode region;
        private String nodeId;
        private AddressFamily family = AddressFamily.IPV4;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private IdempotencyKey idempotencyKey;

        private Builder() {}

        public Builder region(RegionCode region) {
            this.region = region;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder family(AddressFamily family) {
            this.family = family;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(Require.nonNull("egressIpSpec.labels", labels));
            return this;
        }

        public Builder idempotencyKey(String key) {
            this.idempotencyKey = IdempotencyKey.of(key);
            return this;
        }

        public EgressIpSpec build() {
            return new EgressIpSpec(this);
        }
    }
}
