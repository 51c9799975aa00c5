package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.TunnelRef;
import dev.damm.spi.provider.TunnelSpec;
import dev.damm.spi.provider.TunnelTerm;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#TUNNEL_TERM}: idempotent {@code registerTunnel}, harmless
 * repeated {@code retireTunnel}, stable error codes and bounded calls.
 */
public interface TunnelTermContract extends CapabilityContract {

    /**
     * A tunnel the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    TunnelSpec.Builder tunnelSpec();

    private Allocations<TunnelSpec, TunnelRef> tunnelTermAllocations(ProviderAdapter adapter) {
        TunnelTerm capability = Tck.present(adapter.tunnelTerm(), "tunnelTerm");
        return new Allocations<>("registerTunnel", "retireTunnel",
                key -> tunnelSpec().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::registerTunnel, capability::retireTunnel);
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void tunnelTermErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            tunnelTermAllocations(adapter).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void tunnelTermCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            tunnelTermAllocations(adapter).boundedByTimeout(injector, config());
        }
    }
}
