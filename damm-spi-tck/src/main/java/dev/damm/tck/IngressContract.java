package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.Ingress;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#INGRESS}: idempotent {@code allocateFrontDoor}, harmless
 * repeated {@code releaseFrontDoor}, stable error codes and bounded calls.
 */
public interface IngressContract extends CapabilityContract {

    /**
     * A front door the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    FrontDoorSpec.Builder frontDoorSpec();

    private Allocations<FrontDoorSpec, FrontDoorRef> ingressAllocations(ProviderAdapter adapter) {
        Ingress capability = Tck.present(adapter.ingress(), "ingress");
        return new Allocations<>("allocateFrontDoor", "releaseFrontDoor",
                key -> frontDoorSpec().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::allocateFrontDoor, capability::releaseFrontDoor);
    }

    @Test
    default void allocateFrontDoorWithTheSameKeyReturnsTheSameResource() {
        try (ProviderAdapter adapter = openAdapter()) {
            ingressAllocations(adapter).sameKeyGivesTheSameResource(adapter, (spec, ref) -> {
                assertEquals(spec.region(), ref.region(), "front door region");
                assertEquals(spec.tier(), ref.tier(), "front door tier");
            });
        }
    }

    @Test
    default void releaseFrontDoorTwiceIsHarmless() {
        try (ProviderAdapter adapter = openAdapter()) {
            ingressAllocations(adapter).releasingTwiceIsHarmless();
        }
    }

    @Test
    default void allocateFrontDoorAfterReleaseSucceeds() {
        try (ProviderAdapter adapter = openAdapter()) {
            ingressAllocations(adapter).releasedCapacityCanBeAllocatedAgain();
        }
    }

    @Test
    default void ingressNullArgumentsAreInvalidArguments() {
        try (ProviderAdapter adapter = openAdapter()) {
            ingressAllocations(adapter).nullsAreInvalidArguments();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void ingressErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            ingressAllocations(adapter).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void ingressCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            ingressAllocations(adapter).boundedByTimeout(injector, config());
        }
    }
}
