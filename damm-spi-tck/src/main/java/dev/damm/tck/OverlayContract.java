package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.OverlayMembership;
import dev.damm.spi.provider.OverlaySpec;
import dev.damm.spi.provider.Overlay;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#OVERLAY}: idempotent {@code joinOverlay}, harmless
 * repeated {@code leaveOverlay}, stable error codes and bounded calls.
 */
public interface OverlayContract extends CapabilityContract {

    /**
     * A membership the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    OverlaySpec.Builder overlaySpec();

    private Allocations<OverlaySpec, OverlayMembership> overlayAllocations(ProviderAdapter adapter) {
        Overlay capability = Tck.present(adapter.overlay(), "overlay");
        return new Allocations<>("joinOverlay", "leaveOverlay",
                key -> overlaySpec().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::joinOverlay, capability::leaveOverlay);
    }

    @Test
    default void joinOverlayWithTheSameKeyReturnsTheSameResource() {
        try (ProviderAdapter adapter = openAdapter()) {
            overlayAllocations(adapter).sameKeyGivesTheSameResource(adapter, (spec, ref) -> {
                assertEquals(spec.network(), ref.network(), "overlay network");
                assertEquals(spec.hostname(), ref.hostname(), "overlay hostname");
            });
        }
    }

    @Test
    default void leaveOverlayTwiceIsHarmless() {
        try (ProviderAdapter adapter = openAdapter()) {
            overlayAllocations(adapter).releasingTwiceIsHarmless();
        }
    }

    @Test
    default void joinOverlayAfterReleaseSucceeds() {
        try (ProviderAdapter adapter = openAdapter()) {
            overlayAllocations(adapter).releasedCapacityCanBeAllocatedAgain();
        }
    }

    @Test
    default void overlayNullArgumentsAreInvalidArguments() {
        try (ProviderAdapter adapter = openAdapter()) {
            overlayAllocations(adapter).nullsAreInvalidArguments();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void overlayErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            overlayAllocations(adapter).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void overlayCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            overlayAllocations(adapter).boundedByTimeout(injector, config());
        }
    }
}
