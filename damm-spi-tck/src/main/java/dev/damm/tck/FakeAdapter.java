package dev.damm.tck;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.provider.AddressFamily;
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
import dev.damm.spi.provider.HealthStatus;
import dev.damm.spi.provider.IdempotencyKey;
import dev.damm.spi.provider.Ingress;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodePrice;
import dev.damm.spi.provider.NodeRef;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.NodeState;
import dev.damm.spi.provider.Overlay;
import dev.damm.spi.provider.OverlayMembership;
import dev.damm.spi.provider.OverlaySpec;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderErrors;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.provider.ProviderMetrics;
import dev.damm.spi.provider.RegionMapping;
import dev.damm.spi.provider.ResourceRef;
import dev.damm.spi.provider.TunnelRef;
import dev.damm.spi.provider.TunnelSpec;
import dev.damm.spi.provider.TunnelTerm;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * The live side of {@link FakeProviderPlugin}: every capability, backed by a {@link FakeCloud}.
 * Each call first asks the cloud for its answer, so injected faults surface exactly where an HTTP
 * provider's would. Thread-safe: find-or-create runs under the lock of the map it touches.
 */
final class FakeAdapter implements ProviderAdapter, Compute, Ingress, Egress, Overlay, CdnFront, TunnelTerm {
    private final ProviderId id;
    private final FakeCloud cloud;
    private final FakeState state;
    private final ProviderConfig config;
    private final ProviderErrors errors;
    private final AtomicBoolean closed = new AtomicBoolean();

    FakeAdapter(ProviderId id, FakeCloud cloud, ProviderConfig config) {
        this.id = id;
        this.cloud = cloud;
        this.state = cloud.state;
        this.config = config;
        this.errors = ProviderErrors.using(config.clock());
    }

    // ---- identity -------------------------------------------------------------------------

    @Override
    public ProviderId id() {
        return id;
    }

    @Override
    public RegionMapping regions() {
        return FakeProviderPlugin.REGIONS;
    }

    @Override
    public Optional<Compute> compute() {
        return Optional.of(this);
    }

    @Override
    public Optional<Ingress> ingress() {
        return Optional.of(this);
    }

    @Override
    public Optional<Egress> egress() {
        return Optional.of(this);
    }

    @Override
    public Optional<Overlay> overlay() {
        return Optional.of(this);
    }

    @Override
    public Optional<CdnFront> cdnFront() {
        return Optional.of(this);
    }

    @Override
    public Optional<TunnelTerm> tunnelTerm() {
        return Optional.of(this);
    }

    // ---- compute --------------------------------------------------------------------------

    @Override
    public NodeRef createNode(NodeSpec spec) {
        Require.nonNull("spec", spec);
        call("create node");
        if (regions().toProvider(spec.region()).isEmpty()) {
            throw rejected("create node", "region " + spec.region() + " is not served");
        }
        if (FakeProviderPlugin.PRICES.stream().noneMatch(p -> p.nodeType().equals(spec.size()))) {
            throw rejected("create node", "size '" + Require.printable(spec.size()) + "' is not offered");
        }
        return findOrCreate(state.nodes, spec.idempotencyKey(), n -> new NodeRef(id, "fake-node-" + n, "damm-" + spec.idempotencyKey(),
                spec.region(), spec.role(), NodeState.RUNNING, List.of(address(203, 0, 113, n), v6(0x1, n)), spec.providerLabels()));
    }

    @Override
    public NodeRef drainNode(NodeRef node) {
        checkOwned("node", node);
        call("drain node");
        NodeRef drained = state.nodes.computeIfPresent(node.id(), (k, n) -> n.withState(NodeState.DRAINING));
        if (drained == null) {
            throw errors.fromHttp(id, "drain node", 404, Map.of(), "node " + node.id() + " does not exist");
        }
        return drained;
    }

    @Override
    public void retireNode(NodeRef node) {
        remove(state.nodes, "node", node, "retire node");
    }

    @Override
    public List<NodeRef> listNodes(NodeFilter filter) {
        Require.nonNull("filter", filter);
        call("list nodes");
        return state.nodes.values().stream().filter(filter::matches)
                .sorted(Comparator.comparing(NodeRef::id)).collect(Collectors.toList());
    }

    @Override
    public List<NodePrice> prices() {
        ensureOpen();
        return FakeProviderPlugin.PRICES;
    }

    // ---- ingress, egress, overlay, cdn front, tunnel ---------------------------------------

    @Override
    public FrontDoorRef allocateFrontDoor(FrontDoorSpec spec) {
        Require.nonNull("spec", spec);
        call("allocate front door");
        return findOrCreate(state.frontDoors, spec.idempotencyKey(), n -> new FrontDoorRef(id, "fake-fd-" + n, spec.region(),
                new Endpoint(address(198, 51, 100, n).getHostAddress(), 51820), spec.tier(), spec.providerLabels()));
    }

    @Override
    public void releaseFrontDoor(FrontDoorRef frontDoor) {
        remove(state.frontDoors, "frontDoor", frontDoor, "release front door");
    }

    @Override
    public EgressIpRef allocateEgressIp(EgressIpSpec spec) {
        Require.nonNull("spec", spec);
        call("allocate egress ip");
        return findOrCreate(state.egressIps, spec.idempotencyKey(), n -> new EgressIpRef(id, "fake-eip-" + n, spec.region(),
                spec.family() == AddressFamily.IPV6 ? v6(0x2, n) : address(198, 51, 100, n), spec.providerLabels()));
    }

    @Override
    public void releaseEgressIp(EgressIpRef egressIp) {
        remove(state.egressIps, "egressIp", egressIp, "release egress ip");
    }

    @Override
    public OverlayMembership joinOverlay(OverlaySpec spec) {
        Require.nonNull("spec", spec);
        call("join overlay");
        return findOrCreate(state.memberships, spec.idempotencyKey(), n -> new OverlayMembership(id, "fake-member-" + n,
                spec.network(), spec.hostname(), List.of(address(100, 64, 0, n)), spec.providerLabels()));
    }

    @Override
    public void leaveOverlay(OverlayMembership membership) {
        remove(state.memberships, "membership", membership, "leave overlay");
    }

    @Override
    public FrontRef publishFront(FrontSpec spec) {
        Require.nonNull("spec", spec);
        call("publish front");
        return findOrCreate(state.fronts, spec.idempotencyKey(), n -> new FrontRef(id, "fake-front-" + n,
                spec.hostname().orElse("front-" + n + ".fake-cdn.example"), new Endpoint("edge.fake-cdn.example", 443), spec.origin(),
                spec.tier(), spec.providerLabels()));
    }

    @Override
    public void retireFront(FrontRef front) {
        remove(state.fronts, "front", front, "retire front");
    }

    @Override
    public TunnelRef registerTunnel(TunnelSpec spec) {
        Require.nonNull("spec", spec);
        call("register tunnel");
        return findOrCreate(state.tunnels, spec.idempotencyKey(), n -> new TunnelRef(id, "fake-tunnel-" + n, spec.name(),
                "tunnel-" + n + ".fake-tunnel.example", spec.origin(), spec.providerLabels()));
    }

    @Override
    public void retireTunnel(TunnelRef tunnel) {
        remove(state.tunnels, "tunnel", tunnel, "retire tunnel");
    }

    // ---- health ----------------------------------------------------------------------------

    @Override
    public HealthSignal probeHealth(String target) {
        Require.nonNull("target", target);
        ensureOpen();
        try {
            cloud.answer(id, "probe health", config.callTimeout(), errors);
        } catch (DammException e) {
            return HealthSignal.unhealthy(target, config.clock().instant(), e.errorCode().code());
        }
        NodeRef node = state.nodes.get(target);
        if (node == null) {
            return HealthSignal.unknown(target, config.clock().instant(), "no such node in the fake account");
        }
        if (node.state() == NodeState.RUNNING || node.state() == NodeState.DRAINING) {
            return HealthSignal.healthy(target, config.clock().instant(), Duration.ZERO);
        }
        return new HealthSignal(target, HealthStatus.UNHEALTHY, config.clock().instant(), null, "node is " + node.state());
    }

    @Override
    public ProviderMetrics metrics(String target) {
        Require.nonNull("target", target);
        call("read metrics");
        if (!state.nodes.containsKey(target)) {
            return ProviderMetrics.empty(target, config.clock().instant());
        }
        return new ProviderMetrics(target, config.clock().instant(), Map.of("fake.requests", (double) cloud.requests()));
    }

    @Override
    public void close() {
        closed.set(true);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void call(String operation) {
        ensureOpen();
        cloud.answer(id, operation, config.callTimeout(), errors);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the fake adapter is closed");
        }
    }

    private DammException rejected(String operation, String why) {
        return errors.fromHttp(id, operation, 422, Map.of(), why);
    }

    private void checkOwned(String field, ResourceRef ref) {
        Require.nonNull(field, ref);
        if (!ref.provider().equals(id)) {
            throw DammException.invalid(field + ".provider", "belongs to '" + ref.provider() + "', not '" + id + "'");
        }
    }

    /**
     * Returns the resource created with {@code key}, or makes one from a fresh id and stores it;
     * under the map's lock, so two racing creates with one key make one resource.
     */
    private <R extends ResourceRef> R findOrCreate(Map<String, R> refs, IdempotencyKey key, LongFunction<R> make) {
        synchronized (refs) {
            Optional<R> existing = refs.values().stream().filter(r -> r.idempotencyKey().equals(Optional.of(key))).findFirst();
            if (existing.isPresent()) {
                return existing.get();
            }
            R ref = make.apply(cloud.nextId());
            refs.put(ref.id(), ref);
            return ref;
        }
    }

    /** Releases or retires {@code ref}; already gone is fine. */
    private <R extends ResourceRef> void remove(Map<String, R> refs, String field, R ref, String operation) {
        checkOwned(field, ref);
        call(operation);
        refs.remove(ref.id());
    }

    /** An address in a documentation range; never contacted. */
    private static InetAddress address(int a, int b, int c, long n) {
        return literal(new byte[] {(byte) a, (byte) b, (byte) c, (byte) (n % 254 + 1)});
    }

    /** 2001:db8:{block}::{n}, in the IPv6 documentation prefix. */
    private static InetAddress v6(int block, long n) {
        byte[] b = new byte[16];
        b[0] = 0x20;
        b[1] = 0x01;
        b[2] = 0x0d;
        b[3] = (byte) 0xb8;
        b[5] = (byte) block;
        b[14] = (byte) (n >> 8);
        b[15] = (byte) n;
        return literal(b);
    }

    private static InetAddress literal(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
