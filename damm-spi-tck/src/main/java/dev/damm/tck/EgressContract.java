package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.spi.provider.EgressIpRef;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.Egress;
import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#EGRESS}: idempotent {@code allocateEgressIp}, harmless
 * repeated {@code releaseEgressIp}, stable error codes and bounded calls.
 */
public interface EgressContract extends CapabilityContract {

    /**
     * A egress address the provider can satisfy in this test's set-up, with everything but labels and the
     * idempotency key set; the contract adds those.
     */
    EgressIpSpec.Builder egressIpSpec();

    private Allocations<EgressIpSpec, EgressIpRef> egressAllocations(ProviderAdapter adapter) {
        Egress capability = Tck.present(adapter.egress(), "egress");
        return new Allocations<>("allocateEgressIp", "releaseEgressIp",
                key -> egressIpSpec().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::allocateEgressIp, capability::releaseEgressIp);
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void egressErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            egressAllocations(adapter).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void egressCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            egressAllocations(adapter).boundedByTimeout(injector, config());
        }
    }
}
