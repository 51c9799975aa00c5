package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.EgressIpRef;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#EGRESS}: idempotent {@code allocateEgressIp}, harmless
 * repeated {@code releaseEgressIp}.
 *
 * <p>Error codes and call timeouts are checked by {@link EgressFaultContract}, which a plug-in
 * that talks to a remote API must implement as well; see {@link FaultContract}.
 */
public interface EgressContract extends CapabilityContract {

    /**
     * A egress address the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    EgressIpSpec.Builder egressIpSpec();

    private Allocations<EgressIpSpec, EgressIpRef> egressAllocations(ProviderAdapter adapter) {
        return Allocations.egress(adapter, this::egressIpSpec);
    }

    @Test
    default void allocateEgressIpWithTheSameKeyReturnsTheSameResource() {
        try (ProviderAdapter adapter = openAdapter()) {
            egressAllocations(adapter).sameKeyGivesTheSameResource(adapter, (spec, ref) -> {
                assertEquals(spec.region(), ref.region(), "egress region");
                assertEquals(spec.family() == dev.damm.spi.provider.AddressFamily.IPV6, ref.address() instanceof java.net.Inet6Address,
                        "egress address family");
            });
        }
    }

    @Test
    default void releaseEgressIpTwiceIsHarmless() {
        try (ProviderAdapter adapter = openAdapter()) {
            egressAllocations(adapter).releasingTwiceIsHarmless();
        }
    }

    @Test
    default void allocateEgressIpAfterReleaseSucceeds() {
        try (ProviderAdapter adapter = openAdapter()) {
            egressAllocations(adapter).releasedCapacityCanBeAllocatedAgain();
        }
    }

    @Test
    default void egressNullArgumentsAreInvalidArguments() {
        try (ProviderAdapter adapter = openAdapter()) {
            egressAllocations(adapter).nullsAreInvalidArguments();
        }
    }
}
