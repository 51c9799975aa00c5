package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.FrontRef;
import dev.damm.spi.provider.FrontSpec;
import dev.damm.spi.provider.CdnFront;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#CDN_FRONT}: idempotent {@code publishFront}, harmless
 * repeated {@code retireFront}, stable error codes and bounded calls.
 */
public interface CdnFrontContract extends CapabilityContract {

    /**
     * A front the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    FrontSpec.Builder frontSpec();

    private Allocations<FrontSpec, FrontRef> cdnFrontAllocations(ProviderAdapter adapter) {
        CdnFront capability = Tck.present(adapter.cdnFront(), "cdnFront");
        return new Allocations<>("publishFront", "retireFront",
                key -> frontSpec().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::publishFront, capability::retireFront);
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void cdnFrontErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            cdnFrontAllocations(adapter).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void cdnFrontCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            cdnFrontAllocations(adapter).boundedByTimeout(injector, config());
        }
    }
}
