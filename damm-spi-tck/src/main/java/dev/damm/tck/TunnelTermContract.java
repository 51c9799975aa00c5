package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.TunnelRef;
import dev.damm.spi.provider.TunnelSpec;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#TUNNEL_TERM}: idempotent {@code registerTunnel}, harmless
 * repeated {@code retireTunnel}.
 *
 * <p>Error codes and call timeouts are checked by {@link TunnelTermFaultContract}, which a plug-in
 * that talks to a remote API must implement as well; see {@link FaultContract}.
 */
public interface TunnelTermContract extends CapabilityContract {

    /**
     * A tunnel the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    TunnelSpec.Builder tunnelSpec();

    private Allocations<TunnelSpec, TunnelRef> tunnelTermAllocations(ProviderAdapter adapter) {
        return Allocations.tunnelTerm(adapter, this::tunnelSpec);
    }

    @Test
    default void registerTunnelWithTheSameKeyReturnsTheSameResource() {
        try (ProviderAdapter adapter = openAdapter()) {
            tunnelTermAllocations(adapter).sameKeyGivesTheSameResource(adapter, (spec, ref) -> {
                assertEquals(spec.name(), ref.name(), "tunnel name");
                assertEquals(spec.origin(), ref.origin(), "tunnel origin");
            });
        }
    }

    @Test
    default void retireTunnelTwiceIsHarmless() {
        try (ProviderAdapter adapter = openAdapter()) {
            tunnelTermAllocations(adapter).releasingTwiceIsHarmless();
        }
    }

    @Test
    default void registerTunnelAfterReleaseSucceeds() {
        try (ProviderAdapter adapter = openAdapter()) {
            tunnelTermAllocations(adapter).releasedCapacityCanBeAllocatedAgain();
        }
    }

    @Test
    default void tunnelTermNullArgumentsAreInvalidArguments() {
        try (ProviderAdapter adapter = openAdapter()) {
            tunnelTermAllocations(adapter).nullsAreInvalidArguments();
        }
    }
}
