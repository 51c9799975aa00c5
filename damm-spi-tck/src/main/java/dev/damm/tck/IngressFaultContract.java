package dev.damm.tck;

import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that {@link dev.damm.spi.provider.Capability#INGRESS} maps every provider failure to its
 * stable error code and gives up within the call timeout.
 *
 * <p>A plug-in that talks to a remote API and offers INGRESS MUST implement this contract besides
 * {@link IngressContract}; see {@link FaultContract} for the faults and for who may leave it out.
 */
public interface IngressFaultContract extends IngressContract, FaultContract {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void ingressErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.ingress(adapter, this::frontDoorSpec).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void ingressCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.ingress(adapter, this::frontDoorSpec).boundedByTimeout(injector, config());
        }
    }
}
