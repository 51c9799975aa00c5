package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.OverlayMembership;
import dev.damm.spi.provider.OverlaySpec;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#OVERLAY}: idempotent {@code joinOverlay}, harmless
 * repeated {@code leaveOverlay}.
 *
 * <p>Error codes and call timeouts are checked by {@link OverlayFaultContract}, which a plug-in
 * that talks to a remote API must implement as well; see {@link FaultContract}.
 */
public interface OverlayContract extends CapabilityContract {

    /**
     * A membership the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    OverlaySpec.Builder overlaySpec();

    private Allocations<OverlaySpec, OverlayMembership> overlayAllocations(ProviderAdapter adapter) {
        return Allocations.overlay(adapter, this::overlaySpec);
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
}
