package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A node as the provider reports it: who owns it, its provider-side id and name, where it runs,
 * what it is for, its state, its public addresses and its labels.
 *
 * @param provider        the owning provider
 * @param id              the provider-side node id
 * @param name            the provider-side name
 * @param region          the DAMM region it runs in
 * @param role            what DAMM created it for
 * @param state           its life-cycle state when this value was read
 * @param publicAddresses its public IPv4 and IPv6 addresses; empty while provisioning
 * @param labels          the labels stored at the provider, including the idempotency key
 */
public record NodeRef(ProviderId provider, String id, String name, RegionCode region, NodeRole role, NodeState state,
                      List<InetAddress> publicAddresses, Map<String, String> labels) implements ResourceRef {

    public NodeRef {
        Require.nonNull("nodeRef.provider", provider);
        Require.text("nodeRef.id", id, 128);
        Require.text("nodeRef.name", name, 253);
        Require.nonNull("nodeRef.region", region);
        Require.nonNull("nodeRef.role", role);
        Require.nonNull("nodeRef.state", state);
        publicAddresses = List.copyOf(Require.elements("nodeRef.publicAddresses", publicAddresses, 32));
        labels = Labels.copyOf("nodeRef.labels", labels, true);
    }

    /** The same node in another state, e.g. after a drain. */
    public NodeRef withState(NodeState newState) {
        return new NodeRef(provider, id, name, region, role, newState, publicAddresses, labels);
    }
}
