package dev.damm.tck;

import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that {@link dev.damm.spi.provider.Capability#EGRESS} maps every provider failure to its
 * stable error code and gives up within the call timeout.
 *
 * <p>A plug-in that talks to a remote API and offers EGRESS MUST implement this contract besides
 * {@link EgressContract}; see {@link FaultContract} for the faults and for who may leave it out.
 */
public interface EgressFaultContract extends EgressContract, FaultContract {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void egressErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.egress(adapter, this::egressIpSpec).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void egressCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.egress(adapter, this::egressIpSpec).boundedByTimeout(injector, config());
        }
    }
}
