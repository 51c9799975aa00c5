package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What DAMM asks an {@link Ingress} provider for: a public surface in a region, optionally in
 * front of one named node, speaking one transport tier.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class FrontDoorSpec {
    private final RegionCode region;
    private final String nodeId;
    private final TransportTier tier;
    private final Map<String, String> labels;
    private final IdempotencyKey idempotencyKey;

    private FrontDoorSpec(Builder b) {
        this.region = Require.nonNull("frontDoorSpec.region", b.region);
        this.nodeId = Require.optionalText("frontDoorSpec.nodeId", b.nodeId, 128);
        this.tier = Require.nonNull("frontDoorSpec.tier", b.tier);
        this.labels = Labels.copyOf("frontDoorSpec.labels", b.labels, false);
        this.idempotencyKey = Require.nonNull("frontDoorSpec.idempotencyKey", b.idempotencyKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    public RegionCode region() {
        return region;
    }

    /** The provider-side node (or configured host) the front door must lead to, if the caller chose one. */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    /** The transport shell clients will speak; {@link TransportTier#T0} unless set. */
    public TransportTier tier() {
        return tier;
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
        return o instanceof FrontDoorSpec s && region.equals(s.region) && Objects.equals(nodeId, s.nodeId) && tier == s.tier
                && labels.equals(s.labels) && idempotencyKey.equals(s.idempotencyKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, nodeId, tier, labels, idempotencyKey);
    }

    @Override
    public String toString() {
        return "FrontDoorSpec[" + tier + " in " + region + (nodeId == null ? "" : " for " + nodeId) + ", labels=" + labels
                + ", idempotencyKey=" + idempotencyKey + "]";
    }

    /** Builds a {@link FrontDoorSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private RegionCode region;
        private String nodeId;
        private TransportTier tier = TransportTier.T0;
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

        public Builder tier(TransportTier tier) {
            this.tier = tier;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(Require.nonNull("frontDoorSpec.labels", labels));
            return this;
        }

        public Builder idempotencyKey(String key) {
            this.idempotencyKey = IdempotencyKey.of(key);
            return this;
        }

        public FrontDoorSpec build() {
            return new FrontDoorSpec(this);
        }
    }
}
