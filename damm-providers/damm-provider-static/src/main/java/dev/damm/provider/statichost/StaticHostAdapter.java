package dev.damm.provider.statichost;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.AddressFamily;
import dev.damm.spi.provider.Egress;
import dev.damm.spi.provider.EgressIpRef;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.HealthSignal;
import dev.damm.spi.provider.IdempotencyKey;
import dev.damm.spi.provider.Ingress;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.provider.ProviderMetrics;
import dev.damm.spi.provider.RegionMapping;
import dev.damm.spi.provider.ResourceRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Includes and excludes configured hosts as front doors and egress addresses, and probes them.
 *
 * <p>Which hosts are included lives in this adapter; the orchestrator's store keeps the refs it
 * holds. Refs are derived from the host name, so a retried allocation after a restart returns an
 * equal ref. Thread-safe: each kind of inclusion is changed under its own lock.
 */
final class StaticHostAdapter implements ProviderAdapter, Ingress, Egress {
    private final ProviderId id;
    private final Map<String, StaticHost> hosts;
    private final ProviderConfig config;
    private final RegionMapping regions;
    private final Map<String, FrontDoorRef> frontDoors = new HashMap<>();
    private final Map<String, EgressIpRef> egressIps = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    StaticHostAdapter(ProviderId id, Map<String, StaticHost> hosts, ProviderConfig config) {
        this.id = id;
        this.hosts = new TreeMap<>(hosts);
        this.config = config;
        Map<RegionCode, String> identity = new HashMap<>();
        for (StaticHost h : hosts.values()) {
            identity.put(h.region(), h.region().value());
        }
        this.regions = new RegionMapping(identity);
    }

    @Override
    public ProviderId id() {
        return id;
    }

    /** Each region a configured host is in, mapped to itself: hosts are configured in DAMM's terms. */
    @Override
    public RegionMapping regions() {
        return regions;
    }

    @Override
    public Optional<Ingress> ingress() {
        return Optional.of(this);
    }

    @Override
    public Optional<Egress> egress() {
        return Optional.of(this);
    }

    // ---- ingress ---------------------------------------------------------------------------

    @Override
    public FrontDoorRef allocateFrontDoor(FrontDoorSpec spec) {
        Require.nonNull("spec", spec);
        ensureOpen();
        synchronized (frontDoors) {
            Optional<FrontDoorRef> earlier = withKey(frontDoors, spec.idempotencyKey());
            if (earlier.isPresent()) {
                requireSameHost(spec.nodeId(), hostOf(earlier.get()), "front door");
                return earlier.get();
            }
            StaticHost host = spec.nodeId().isPresent()
                    ? named(spec.nodeId().get(), "allocate front door")
                    : free(spec.region(), frontDoors, "front door");
            if (!host.region().equals(spec.region())) {
                throw rejected("allocate front door", "host '" + host.name() + "' is in " + host.region() + ", not " + spec.region());
            }
            if (host.tier() != spec.tier()) {
                throw rejected("allocate front door", "host '" + host.name() + "' speaks " + host.tier() + ", not " + spec.tier());
            }
            if (frontDoors.containsKey(host.name())) {
                throw conflict("allocate front door", "host '" + host.name() + "' is already included as a front door under another idempotency key");
            }
            FrontDoorRef ref = new FrontDoorRef(id, "frontdoor/" + host.name(), host.region(), host.endpoint(), host.tier(),
                    spec.providerLabels());
            frontDoors.put(host.name(), ref);
            return ref;
        }
    }

    @Override
    public void releaseFrontDoor(FrontDoorRef frontDoor) {
        checkOwned("frontDoor", frontDoor);
        ensureOpen();
        synchronized (frontDoors) {
            frontDoors.remove(hostOf(frontDoor), frontDoor);
        }
    }

    // ---- egress ----------------------------------------------------------------------------

    @Override
    public EgressIpRef allocateEgressIp(EgressIpSpec spec) {
        Require.nonNull("spec", spec);
        ensureOpen();
        synchronized (egressIps) {
            Optional<EgressIpRef> earlier = withKey(egressIps, spec.idempotencyKey());
            if (earlier.isPresent()) {
                requireSameHost(spec.nodeId(), hostOf(earlier.get()), "egress address");
                return earlier.get();
            }
            StaticHost host = spec.nodeId().isPresent()
                    ? named(spec.nodeId().get(), "allocate egress ip")
                    : free(spec.region(), egressIps, "egress address");
            if (!host.region().equals(spec.region())) {
                throw rejected("allocate egress ip", "host '" + host.name() + "' is in " + host.region() + ", not " + spec.region());
            }
            if (host.egressAddress().isEmpty()) {
                throw rejected("allocate egress ip", "host '" + host.name() + "' has no egress address; add egress=<ip> to its entry");
            }
            AddressFamily family = host.egress() instanceof Inet6Address ? AddressFamily.IPV6 : AddressFamily.IPV4;
            if (family != spec.family()) {
                throw rejected("allocate egress ip", "host '" + host.name() + "' egresses over " + family + ", not " + spec.family());
            }
            if (egressIps.containsKey(host.name())) {
                throw conflict("allocate egress ip", "host '" + host.name() + "' is already included for egress under another idempotency key");
            }
            EgressIpRef ref = new EgressIpRef(id, "egress/" + host.name(), host.region(), host.egress(), spec.providerLabels());
            egressIps.put(host.name(), ref);
            return ref;
        }
    }

    @Override
    public void releaseEgressIp(EgressIpRef egressIp) {
        checkOwned("egressIp", egressIp);
        ensureOpen();
        synchronized (egressIps) {
            egressIps.remove(hostOf(egressIp), egressIp);
        }
    }

    // ---- health ----------------------------------------------------------------------------

    /**
     * Connects to the probe port of the configured host {@code target} names (by host name or by
     * its endpoint text), bounded by the connect timeout. Anything else is {@code UNKNOWN}, and no
     * connection is attempted: the adapter never probes addresses it was not configured with.
     * A host configured by DNS name is resolved first, which the connect timeout does not bound;
     * configure IP literals where that matters.
     */
    @Override
    public HealthSignal probeHealth(String target) {
        Require.nonNull("target", target);
        ensureOpen();
        Optional<StaticHost> host = find(target);
        if (host.isEmpty()) {
            return HealthSignal.unknown(target, config.clock().instant(), "not a configured static host; only configured hosts are probed");
        }
        StaticHost h = host.get();
        if (h.probePort() == 0) {
            return HealthSignal.unknown(target, config.clock().instant(),
                    "WireGuard listens on UDP and cannot be probed without a handshake; add probe=<tcp port> to the host's entry");
        }
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(h.endpoint().host(), h.probePort()), Math.toIntExact(config.connectTimeout().toMillis()));
            return HealthSignal.healthy(target, config.clock().instant(), Duration.ofNanos(System.nanoTime() - start));
        } catch (SocketTimeoutException e) {
            return HealthSignal.unhealthy(target, config.clock().instant(), "no answer on TCP " + h.probePort() + " within " + config.connectTimeout().toMillis() + " ms");
        } catch (ConnectException e) {
            return HealthSignal.unhealthy(target, config.clock().instant(), "TCP " + h.probePort() + " refused the connection");
        } catch (UnknownHostException e) {
            return HealthSignal.unhealthy(target, config.clock().instant(), "host name " + h.endpoint().host() + " does not resolve");
        } catch (IOException | IllegalArgumentException e) {
            return HealthSignal.unhealthy(target, config.clock().instant(), "probe failed: " + e.getClass().getSimpleName());
        }
    }

    /** Whether a configured host is included as a front door and for egress; empty for anything else. */
    @Override
    public ProviderMetrics metrics(String target) {
        Require.nonNull("target", target);
        ensureOpen();
        Optional<StaticHost> host = find(target);
        if (host.isEmpty()) {
            return ProviderMetrics.empty(target, config.clock().instant());
        }
        boolean door;
        boolean egress;
        synchronized (frontDoors) {
            door = frontDoors.containsKey(host.get().name());
        }
        synchronized (egressIps) {
            egress = egressIps.containsKey(host.get().name());
        }
        return new ProviderMetrics(target, config.clock().instant(),
                Map.of("static.frontdoor.included", door ? 1.0 : 0.0, "static.egress.included", egress ? 1.0 : 0.0));
    }

    @Override
    public void close() {
        closed.set(true);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Optional<StaticHost> find(String target) {
        StaticHost byName = hosts.get(target);
        if (byName != null) {
            return Optional.of(byName);
        }
        return hosts.values().stream().filter(h -> h.endpoint().toString().equals(target)).findFirst();
    }

    private StaticHost named(String name, String operation) {
        StaticHost h = hosts.get(name);
        if (h == null) {
            throw new DammException(ErrorCode.PROVIDER_NOT_FOUND, id + ": " + operation + ": no configured host '" + Require.printable(name)
                    + "' (configured: " + String.join(", ", hosts.keySet()) + "); static hosts are included, never created");
        }
        return h;
    }

    private <R> StaticHost free(RegionCode region, Map<String, R> included, String what) {
        return hosts.values().stream().filter(h -> h.region().equals(region) && !included.containsKey(h.name())).findFirst()
                .orElseThrow(() -> new DammException(ErrorCode.PROVIDER_NOT_FOUND, id + ": no configured host in " + region
                        + " is free to include as " + what + "; static hosts are included, never created"));
    }

    private void requireSameHost(Optional<String> asked, String earlier, String what) {
        if (asked.isPresent() && !asked.get().equals(earlier)) {
            throw conflict("allocate " + what, "the idempotency key was used for host '" + earlier + "', not '" + Require.printable(asked.get()) + "'");
        }
    }

    private static String hostOf(ResourceRef ref) {
        return ref.id().substring(ref.id().indexOf('/') + 1);
    }

    private static <R extends ResourceRef> Optional<R> withKey(Map<String, R> refs, IdempotencyKey key) {
        return refs.values().stream().filter(r -> r.idempotencyKey().equals(Optional.of(key))).findFirst();
    }

    private void checkOwned(String field, ResourceRef ref) {
        Require.nonNull(field, ref);
        if (!ref.provider().equals(id)) {
            throw DammException.invalid(field + ".provider", "belongs to '" + ref.provider() + "', not '" + id + "'");
        }
    }

    private DammException rejected(String operation, String why) {
        return new DammException(ErrorCode.PROVIDER_INVALID_REQUEST, id + ": " + operation + ": " + why);
    }

    private DammException conflict(String operation, String why) {
        return new DammException(ErrorCode.PROVIDER_CONFLICT, id + ": " + operation + ": " + why);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the static host adapter is closed");
        }
    }
}
