package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#INGRESS}: idempotent {@code allocateFrontDoor}, harmless
 * repeated {@code releaseFrontDoor}.
 *
 * <p>Error codes and call timeouts are checked by {@link IngressFaultContract}, which a plug-in
 * that talks to a remote API must implement as well; see {@link FaultContract}.
 */
public interface IngressContract extends CapabilityContract {

    /**
     * A front door the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    FrontDoorSpec.Builder frontDoorSpec();

    private Allocations<FrontDoorSpec, FrontDoorRef> ingressAllocations(ProviderAdapter adapter) {
        return Allocations.ingress(adapter, this::frontDoorSpec);
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
}
