package dev.damm.tck;

import dev.damm.spi.provider.Compute;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.ProviderAdapter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that {@link dev.damm.spi.provider.Capability#COMPUTE} maps every provider failure to its
 * stable error code and gives up within the call timeout.
 *
 * <p>A plug-in that talks to a remote API and offers COMPUTE MUST implement this contract besides
 * {@link ComputeContract}; see {@link FaultContract} for the faults and for who may leave it out.
 */
public interface ComputeFaultContract extends ComputeContract, FaultContract {

    private NodeSpec faultSpec(String prefix) {
        return nodeSpec().labels(Map.of()).idempotencyKey(Tck.freshKey(prefix)).build();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = dev.damm.tck.Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "SLOW")
    default void computeErrorsMapToStableCodes(Fault fault) {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");
            NodeSpec spec = faultSpec("fault");

            Tck.assertFaultMapped(injector, fault, () -> compute.createNode(spec), "createNode");
            Tck.assertFaultMapped(injector, fault, () -> compute.listNodes(NodeFilter.all()), "listNodes");
        }
    }

    @Test
    default void computeCallsAreBoundedByTheCallTimeout() {
        FaultInjector injector = Tck.requireFaults(faults());
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");
            NodeSpec spec = faultSpec("slow");

            Tck.assertBoundedByTimeout(injector, config(), () -> compute.createNode(spec), "createNode");
            Tck.assertBoundedByTimeout(injector, config(), () -> compute.listNodes(NodeFilter.all()), "listNodes");
        }
    }
}
