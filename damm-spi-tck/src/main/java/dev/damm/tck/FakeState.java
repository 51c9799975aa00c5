package dev.damm.tck;

import dev.damm.spi.provider.EgressIpRef;
import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontRef;
import dev.damm.spi.provider.NodeRef;
import dev.damm.spi.provider.OverlayMembership;
import dev.damm.spi.provider.TunnelRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a {@link FakeCloud} holds, by provider-side id. */
final class FakeState {
    final Map<String, NodeRef> nodes = new ConcurrentHashMap<>();
    final Map<String, FrontDoorRef> frontDoors = new ConcurrentHashMap<>();
    final Map<String, EgressIpRef> egressIps = new ConcurrentHashMap<>();
    final Map<String, OverlayMembership> memberships = new ConcurrentHashMap<>();
    final Map<String, FrontRef> fronts = new ConcurrentHashMap<>();
    final Map<String, TunnelRef> tunnels = new ConcurrentHashMap<>();
}
