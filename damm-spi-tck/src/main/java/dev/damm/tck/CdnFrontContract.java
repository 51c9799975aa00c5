package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.FrontRef;
import dev.damm.spi.provider.FrontSpec;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#CDN_FRONT}: idempotent {@code publishFront}, harmless
 * repeated {@code retireFront}.
 *
 * <p>Error codes and call timeouts are checked by {@link CdnFrontFaultContract}, which a plug-in
 * that talks to a remote API must implement as well; see {@link FaultContract}.
 */
public interface CdnFrontContract extends CapabilityContract {

    /**
     * A front the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    FrontSpec.Builder frontSpec();

    private Allocations<FrontSpec, FrontRef> cdnFrontAllocations(ProviderAdapter adapter) {
        return Allocations.cdnFront(adapter, this::frontSpec);
    }

    @Test
    default void publishFrontWithTheSameKeyReturnsTheSameResource() {
        try (ProviderAdapter adapter = openAdapter()) {
            cdnFrontAllocations(adapter).sameKeyGivesTheSameResource(adapter, (spec, ref) -> {
                assertEquals(spec.origin(), ref.origin(), "front origin");
                assertEquals(spec.tier(), ref.tier(), "front tier");
                spec.hostname().ifPresent(h -> assertEquals(h, ref.publicHostname(), "front hostname"));
            });
        }
    }

    @Test
    default void retireFrontTwiceIsHarmless() {
        try (ProviderAdapter adapter = openAdapter()) {
            cdnFrontAllocations(adapter).releasingTwiceIsHarmless();
        }
    }

    @Test
    default void publishFrontAfterReleaseSucceeds() {
        try (ProviderAdapter adapter = openAdapter()) {
            cdnFrontAllocations(adapter).releasedCapacityCanBeAllocatedAgain();
        }
    }

    @Test
    default void cdnFrontNullArgumentsAreInvalidArguments() {
        try (ProviderAdapter adapter = openAdapter()) {
            cdnFrontAllocations(adapter).nullsAreInvalidArguments();
        }
    }
}
