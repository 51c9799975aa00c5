package dev.damm.tck;

import dev.damm.spi.provider.CdnFront;
import dev.damm.spi.provider.Compute;
import dev.damm.spi.provider.Egress;
import dev.damm.spi.provider.EgressIpRef;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.FrontRef;
import dev.damm.spi.provider.FrontSpec;
import dev.damm.spi.provider.HealthSignal;
import dev.damm.spi.provider.Ingress;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodeRef;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.Overlay;
import dev.damm.spi.provider.OverlayMembership;
import dev.damm.spi.provider.OverlaySpec;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.provider.ProviderMetrics;
import dev.damm.spi.provider.RegionMapping;
import dev.damm.spi.provider.TunnelRef;
import dev.damm.spi.provider.TunnelSpec;
import dev.damm.spi.provider.TunnelTerm;
import java.util.List;
import java.util.Optional;

/** Forwards everything to a fake adapter; the contract self-tests override one method to break it. */
class DelegatingAdapter implements ProviderAdapter, Compute, Ingress, Egress, Overlay, CdnFront, TunnelTerm {
    final FakeAdapter delegate;

    DelegatingAdapter(FakeAdapter delegate) {
        this.delegate = delegate;
    }

    @Override public ProviderId id() { return delegate.id(); }
    @Override public RegionMapping regions() { return delegate.regions(); }
    @Override public Optional<Compute> compute() { return Optional.of(this); }
    @Override public Optional<Ingress> ingress() { return Optional.of(this); }
    @Override public Optional<Egress> egress() { return Optional.of(this); }
    @Override public Optional<Overlay> overlay() { return Optional.of(this); }
    @Override public Optional<CdnFront> cdnFront() { return Optional.of(this); }
    @Override public Optional<TunnelTerm> tunnelTerm() { return Optional.of(this); }
    @Override public NodeRef createNode(NodeSpec spec) { return delegate.createNode(spec); }
    @Override public NodeRef drainNode(NodeRef node) { return delegate.drainNode(node); }
    @Override public void retireNode(NodeRef node) { delegate.retireNode(node); }
    @Override public List<NodeRef> listNodes(NodeFilter filter) { return delegate.listNodes(filter); }
    @Override public FrontDoorRef allocateFrontDoor(FrontDoorSpec spec) { return delegate.allocateFrontDoor(spec); }
    @Override public void releaseFrontDoor(FrontDoorRef ref) { delegate.releaseFrontDoor(ref); }
    @Override public EgressIpRef allocateEgressIp(EgressIpSpec spec) { return delegate.allocateEgressIp(spec); }
    @Override public void releaseEgressIp(EgressIpRef ref) { delegate.releaseEgressIp(ref); }
    @Override public OverlayMembership joinOverlay(OverlaySpec spec) { return delegate.joinOverlay(spec); }
    @Override public void leaveOverlay(OverlayMembership m) { delegate.leaveOverlay(m); }
    @Override public FrontRef publishFront(FrontSpec spec) { return delegate.publishFront(spec); }
    @Override public void retireFront(FrontRef ref) { delegate.retireFront(ref); }
    @Override public TunnelRef registerTunnel(TunnelSpec spec) { return delegate.registerTunnel(spec); }
    @Override public void retireTunnel(TunnelRef ref) { delegate.retireTunnel(ref); }
    @Override public HealthSignal probeHealth(String target) { return delegate.probeHealth(target); }
    @Override public ProviderMetrics metrics(String target) { return delegate.metrics(target); }
    @Override public void close() { delegate.close(); }
}
