package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.ErrorCode;
import dev.damm.spi.provider.Compute;
import dev.damm.spi.provider.IdempotencyKey;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodePrice;
import dev.damm.spi.provider.NodeRef;
import dev.damm.spi.provider.NodeRole;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.NodeState;
import dev.damm.spi.provider.ProviderAdapter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract for {@link dev.damm.spi.provider.Capability#COMPUTE}: idempotent creates, label
 * filters, drain and retire.
 *
 * <p>Error codes and call timeouts are checked by {@link ComputeFaultContract}, which a plug-in
 * that talks to a remote API must implement as well; see {@link FaultContract}.
 */
public interface ComputeContract extends CapabilityContract {

    /**
     * A node the provider can create: role, region, size and image set. The contract adds labels
     * and an idempotency key, and may switch the role.
     */
    NodeSpec.Builder nodeSpec();

    private NodeSpec spec(String key, Map<String, String> labels) {
        return nodeSpec().labels(labels).idempotencyKey(key).build();
    }

    private static void retireAll(Compute compute, List<NodeRef> nodes) {
        for (NodeRef n : nodes) {
            compute.retireNode(n);
        }
    }

    @Test
    default void aCreateWithTheSameIdempotencyKeyReturnsTheSameNodeAndCreatesNoSecond() {
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");
            String key = Tck.freshKey("tck");
            NodeSpec spec = spec(key, Map.of(Tck.RUN_LABEL, key)).toBuilder().role(NodeRole.INGRESS).build();
            NodeRef first = compute.createIngressNode(spec);
            try {
                NodeRef again = compute.createIngressNode(spec);

                assertEquals(first.id(), again.id(), "a retried create must return the node the first one made");
                List<NodeRef> withKey = compute.listNodes(NodeFilter.withIdempotencyKey(IdempotencyKey.of(key)));
                assertEquals(List.of(first.id()), withKey.stream().map(NodeRef::id).collect(Collectors.toList()),
                        "exactly one node must carry the idempotency key");
                assertEquals(IdempotencyKey.of(key), first.idempotencyKey().orElseThrow(), "the node must carry its idempotency key");
            } finally {
                retireAll(compute, List.of(first));
            }
        }
    }

    @Test
    default void aCreatedNodeHasTheRequestedRoleRegionAndLabels() {
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");
            String run = Tck.freshKey("run");
            NodeSpec ingress = spec(Tck.freshKey("in"), Map.of(Tck.RUN_LABEL, run)).toBuilder().role(NodeRole.INGRESS).build();
            NodeSpec egress = spec(Tck.freshKey("eg"), Map.of(Tck.RUN_LABEL, run)).toBuilder().role(NodeRole.EGRESS).build();
            NodeRef in = compute.createIngressNode(ingress);
            NodeRef out = compute.createEgressNode(egress);
            try {
                assertEquals(NodeRole.INGRESS, in.role());
                assertEquals(NodeRole.EGRESS, out.role());
                assertEquals(ingress.region(), in.region());
                assertEquals(adapter.id(), in.provider());
                assertEquals(run, in.labels().get(Tck.RUN_LABEL));
                assertNotEquals(in.id(), out.id(), "different idempotency keys must make different nodes");
            } finally {
                retireAll(compute, List.of(in, out));
            }
        }
    }

    @Test
    default void listingFiltersByLabels() {
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");
            String run = Tck.freshKey("run");
            NodeRef red = compute.createNode(spec(Tck.freshKey("red"), Map.of(Tck.RUN_LABEL, run, "colour", "red")));
            NodeRef blue = compute.createNode(spec(Tck.freshKey("blue"), Map.of(Tck.RUN_LABEL, run, "colour", "blue")));
            try {
                Set<String> reds = ids(compute.listNodes(NodeFilter.withLabels(Map.of(Tck.RUN_LABEL, run, "colour", "red"))));
                Set<String> both = ids(compute.listNodes(NodeFilter.withLabels(Map.of(Tck.RUN_LABEL, run))));
                Set<String> none = ids(compute.listNodes(NodeFilter.withLabels(Map.of(Tck.RUN_LABEL, run, "colour", "green"))));

                assertEquals(Set.of(red.id()), reds);
                assertEquals(Set.of(red.id(), blue.id()), both);
                assertEquals(Set.of(), none);
            } finally {
                retireAll(compute, List.of(red, blue));
            }
        }
    }

    @Test
    default void drainingMarksTheNodeAndIsRepeatable() {
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");
            String key = Tck.freshKey("drain");
            NodeRef node = compute.createNode(spec(key, Map.of(Tck.RUN_LABEL, key)));
            try {
                assertEquals(NodeState.DRAINING, compute.drainNode(node).state());
                assertEquals(NodeState.DRAINING, compute.drainNode(node).state(), "draining twice must be harmless");
                List<NodeRef> listed = compute.listNodes(NodeFilter.withIdempotencyKey(IdempotencyKey.of(key)));
                assertEquals(1, listed.size());
                assertEquals(NodeState.DRAINING, listed.get(0).state(), "the provider must remember the drain");
            } finally {
                retireAll(compute, List.of(node));
            }
        }
    }

    @Test
    default void retiringRemovesTheNodeAndRetiringAgainIsHarmless() {
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");
            String key = Tck.freshKey("retire");
            NodeRef node = compute.createNode(spec(key, Map.of(Tck.RUN_LABEL, key)));

            compute.retireNode(node);
            compute.retireNode(node);

            assertEquals(List.of(), compute.listNodes(NodeFilter.withIdempotencyKey(IdempotencyKey.of(key))));
        }
    }

    @Test
    default void pricesAreOnePerNodeType() {
        try (ProviderAdapter adapter = openAdapter()) {
            List<NodePrice> prices = Tck.present(adapter.compute(), "compute").prices();

            assertNotNull(prices, "prices() must not return null");
            Set<String> types = new HashSet<>();
            for (NodePrice p : prices) {
                assertTrue(types.add(p.nodeType()), "node type " + p.nodeType() + " is priced twice");
            }
        }
    }

    @Test
    default void nullArgumentsAreInvalidArguments() {
        try (ProviderAdapter adapter = openAdapter()) {
            Compute compute = Tck.present(adapter.compute(), "compute");

            Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> compute.createNode(null), "createNode(null)");
            Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> compute.listNodes(null), "listNodes(null)");
            Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> compute.drainNode(null), "drainNode(null)");
            Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> compute.retireNode(null), "retireNode(null)");
        }
    }

    private static Set<String> ids(List<NodeRef> nodes) {
        return nodes.stream().map(NodeRef::id).collect(Collectors.toSet());
    }
}
