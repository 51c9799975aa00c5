package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.util.List;

/**
 * Creates, drains, retires and lists the virtual machines DAMM runs gateways on.
 *
 * <p><b>Blocking:</b> every method blocks until the provider answered or the configured call
 * timeout passed ({@link ErrorCode#TIMEOUT}). <b>Threads:</b> implementations are safe to call
 * from several threads at once. <b>Nulls:</b> a null argument is rejected with
 * {@link ErrorCode#INVALID_ARGUMENT}; no method returns null. <b>Errors:</b> provider failures are
 * {@link DammException}s with the {@code PROVIDER_*} codes, {@code retryable} set for rate limits
 * and outages.
 */
public interface Compute {

    /**
     * Creates a node for {@code spec}, or returns the node an earlier call with the same
     * {@link NodeSpec#idempotencyKey()} created.
     *
     * <p>The adapter stores the key in the provider's labels or tags and looks for it before it
     * creates, so a retry after a timeout finds the first node instead of paying for a second one.
     * The returned node may still be {@link NodeState#PROVISIONING}.
     */
    NodeRef createNode(NodeSpec spec);

    /** {@link #createNode(NodeSpec)} for a spec whose role must be {@link NodeRole#INGRESS}. */
    default NodeRef createIngressNode(NodeSpec spec) {
        return createNode(requireRole(spec, NodeRole.INGRESS));
    }

    /** {@link #createNode(NodeSpec)} for a spec whose role must be {@link NodeRole#EGRESS}. */
    default NodeRef createEgressNode(NodeSpec spec) {
        return createNode(requireRole(spec, NodeRole.EGRESS));
    }

    /**
     * Marks {@code node} as draining at the provider (for example with a label) and returns it in
     * state {@link NodeState#DRAINING}; the node keeps running. Draining twice is harmless.
     * A node that no longer exists is {@link ErrorCode#PROVIDER_NOT_FOUND}.
     */
    NodeRef drainNode(NodeRef node);

    /**
     * Deletes {@code node}. Retiring a node that is already gone succeeds, so a retry after a
     * timeout is safe.
     */
    void retireNode(NodeRef node);

    /**
     * Lists the nodes matching {@code filter}, following the provider's pagination to the end.
     * Retired nodes are not listed.
     */
    List<NodeRef> listNodes(NodeFilter filter);

    /**
     * Returns the hourly price of each node type the provider publishes, for spend caps; an empty
     * list when the provider publishes none (the default).
     */
    default List<NodePrice> prices() {
        return List.of();
    }

    private static NodeSpec requireRole(NodeSpec spec, NodeRole role) {
        Require.nonNull("spec", spec);
        if (spec.role() != role) {
            throw DammException.invalid("spec.role", "must be " + role + " for create" + (role == NodeRole.INGRESS ? "Ingress" : "Egress")
                    + "Node, was " + spec.role());
        }
        return spec;
    }
}
