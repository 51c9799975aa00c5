package dev.damm.tck;

import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that {@link dev.damm.spi.provider.Capability#TUNNEL_TERM} maps every provider failure to its
 * stable error code and gives up within the call timeout.
 *
 * <p>A plug-in that talks to a remote API and offers TUNNEL_TERM MUST implement this contract besides
 * {@link TunnelTermContract}; see {@link FaultContract} for the faults and for who may leave it out.
 */
public interface TunnelTermFaultContract extends TunnelTermContract, FaultContract {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void tunnelTermErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.tunnelTerm(adapter, this::tunnelSpec).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void tunnelTermCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.tunnelTerm(adapter, this::tunnelSpec).boundedByTimeout(injector, config());
        }
    }
}
