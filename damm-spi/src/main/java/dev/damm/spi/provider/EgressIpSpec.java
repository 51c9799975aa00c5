package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What DAMM asks an {@link Egress} provider for: an outbound address of one family in a region,
 * optionally attached to one named node.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class EgressIpSpec extends LabelledSpec {
    private final RegionCode region;
    private final String nodeId;
    private final AddressFamily family;

    private EgressIpSpec(Builder b) {
        super("egressIpSpec", b);
        this.region = Require.nonNull("egressIpSpec.region", b.region);
        this.nodeId = Require.optionalText("egressIpSpec.nodeId", b.nodeId, 128);
        this.family = Require.nonNull("egressIpSpec.family", b.family);
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

    @Override
    List<Object> ownValues() {
        return Arrays.asList(region, nodeId, family);
    }

    @Override
    String describe() {
        return "EgressIpSpec[" + family + " in " + region + (nodeId == null ? "" : " for " + nodeId);
    }

    /** Builds an {@link EgressIpSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder extends LabelledSpecBuilder<Builder> {
        private RegionCode region;
        private String nodeId;
        private AddressFamily family = AddressFamily.IPV4;

        private Builder() {
            super("egressIpSpec");
        }

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

        public EgressIpSpec build() {
            return new EgressIpSpec(this);
        }
    }
}
