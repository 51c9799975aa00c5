package dev.damm.tck;

import dev.damm.spi.provider.ProviderAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that {@link dev.damm.spi.provider.Capability#OVERLAY} maps every provider failure to its
 * stable error code and gives up within the call timeout.
 *
 * <p>A plug-in that talks to a remote API and offers OVERLAY MUST implement this contract besides
 * {@link OverlayContract}; see {@link FaultContract} for the faults and for who may leave it out.
 */
public interface OverlayFaultContract extends OverlayContract, FaultContract {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void overlayErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.overlay(adapter, this::overlaySpec).errorMapsToItsCode(injector, fault);
        }
    }

    @Test
    default void overlayCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Allocations.overlay(adapter, this::overlaySpec).boundedByTimeout(injector, config());
        }
    }
}
