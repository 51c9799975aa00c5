package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What DAMM asks an {@link Ingress} provider for: a public surface in a region, optionally in
 * front of one named node, speaking one transport tier.
 *
 * <p>A provider-side request, not the control plane's front door: it carries no priority, state
 * or transport parameters (those belong to the door a gateway registers once the surface exists),
 * and the {@link FrontDoorRef} it yields names the provider's resource, not a DAMM door id.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class FrontDoorSpec extends LabelledSpec {
    private final RegionCode region;
    private final String nodeId;
    private final TransportTier tier;

    private FrontDoorSpec(Builder b) {
        super("frontDoorSpec", b);
        this.region = Require.nonNull("frontDoorSpec.region", b.region);
        this.nodeId = Require.optionalText("frontDoorSpec.nodeId", b.nodeId, 128);
        this.tier = Require.nonNull("frontDoorSpec.tier", b.tier);
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

    @Override
    List<Object> ownValues() {
        return Arrays.asList(region, nodeId, tier);
    }

    @Override
    String describe() {
        return "FrontDoorSpec[" + tier + " in " + region + (nodeId == null ? "" : " for " + nodeId);
    }

    /** Builds a {@link FrontDoorSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder extends LabelledSpecBuilder<Builder> {
        private RegionCode region;
        private String nodeId;
        private TransportTier tier = TransportTier.T0;

        private Builder() {
            super("frontDoorSpec");
        }

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

        public FrontDoorSpec build() {
            return new FrontDoorSpec(this);
        }
    }
}
