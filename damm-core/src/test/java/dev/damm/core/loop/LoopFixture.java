package dev.damm.core.loop;

import dev.damm.core.ControlPlane;
import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.score.HandshakeAttempt;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InMemoryStore;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.testing.FakeClock;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A control loop over an in-memory store and a fake clock, with the standard tier and egress pools
 * of {@link ControlPlaneFixture}, and helpers to add gateways and feed a round of observations.
 */
final class LoopFixture {
    static final CatalogScope EU_SCOPE = new CatalogScope(ControlPlaneFixture.EU, ControlPlaneFixture.TIER.value());
    static final CatalogScope US_SCOPE = new CatalogScope(ControlPlaneFixture.US, ControlPlaneFixture.TIER.value());

    final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    final DammStore store;
    final Ed25519SigningKey rootKey = Ed25519SigningKey.generate(new java.security.SecureRandom());
    final Ed25519SigningKey catalogKey = Ed25519SigningKey.generate(new java.security.SecureRandom());
    final Ed25519SigningKey admissionKey = Ed25519SigningKey.generate(new java.security.SecureRandom());
    final ControlLoop loop;
    final Map<String, String> tokens = new HashMap<>();
    private final SplittableRandom keys = new SplittableRandom(42);

    LoopFixture() {
        this(new InMemoryStore(), b -> {});
    }

    LoopFixture(DammStore store, Consumer<ControlLoop.Builder> configure) {
        this.store = store;
        ControlLoop.Builder b = ControlLoop.builder(ControlPlane.builder(store).random(new SplittableRandom(7))
                        .trustAnchor(() -> new TrustAnchor(1, "root".getBytes())))
                .clock(clock).catalogKey(catalogKey).admissionKey(admissionKey);
        configure.accept(b);
        this.loop = b.build();
        ControlPlane cp = loop.plane();
        cp.putTier(ControlPlaneFixture.tier(dev.damm.core.model.SubstitutionPolicy.STRICT, 1_000_000, 0), "admin");
        cp.putEgressPool(ControlPlaneFixture.pool("eg-eu-main", ControlPlaneFixture.EU, dev.damm.core.model.EgressKind.MAIN,
                java.util.Set.of(ControlPlaneFixture.DE)), "admin");
        cp.putEgressPool(ControlPlaneFixture.pool("eg-us-main", ControlPlaneFixture.US, dev.damm.core.model.EgressKind.MAIN,
                java.util.Set.of(ControlPlaneFixture.US_C)), "admin");
    }

    /** Provisions and registers (through the loop) a gateway with a T0 and a T1 door. */
    void addGateway(String id, RegionCode region, String provider) {
        GatewayService.Provisioned p = loop.plane().gateways().provision(GatewayId.of(id), id, region, dev.damm.spi.provider.ProviderId.of(provider), "admin");
        byte[] k = new byte[32];
        keys.nextBytes(k);
        String credential = loop.register(p.token(), new GatewayRegistration(dev.damm.spi.wireguard.WireGuardKey.ofBytes(k), List.of(
                new GatewayRegistration.DeclaredFrontDoor(id + "-t0", new Endpoint("gw-" + id + ".example.net", 51820), TransportTier.T0, 10, Map.of()),
                new GatewayRegistration.DeclaredFrontDoor(id + "-t1", new Endpoint("gw-" + id + ".example.net", 443), TransportTier.T1, 20,
                        Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "68", "h1", "1234567", "h2", "2345678",
                                "h3", "3456789", "h4", "4567890"))))).credential().orElseThrow();
        tokens.put(id, credential);
    }

    void heartbeat(String gateway) {
        loop.heartbeat(tokens.get(gateway), new HeartbeatMetrics(0.2, 0, 0, 0));
    }

    /** Probes and handshakes on every path the loop tracks, failing on paths {@code failing} picks. */
    void probeAll(Predicate<PathDescriptor> failing) {
        for (PathDescriptor d : loop.paths()) {
            boolean ok = !failing.test(d);
            loop.observe(ok ? ProbeResult.ok(d.key(), clock.instant(), 40) : ProbeResult.failed(d.key(), clock.instant()));
            loop.observe(new HandshakeAttempt(d.key(), clock.instant(), ok));
        }
    }

    /** A client's verifier for {@code scope}, pinned to this fixture's root. */
    CatalogVerifier client(CatalogScope scope) {
        RootDocument root = RootDocument.builder().version(1).expires(clock.instant().plus(Duration.ofDays(365)))
                .rootKeys(KeyQuorum.single(rootKey.publicKey())).catalogKeys(KeyQuorum.single(catalogKey.publicKey())).build();
        byte[] signedRoot = new DsseSigner(RootDocument.PAYLOAD_TYPE, rootKey).sign(root.toJson()).toJson();
        RootUpdate pinned = new RootVerifier().pin(signedRoot);
        return CatalogVerifier.builder(new InMemoryTrustStore(((RootUpdate.Accepted) pinned).root()), scope).clock(clock).build();
    }

    /** Whether {@code catalog}'s own-region entries list any path through {@code gateway}. */
    static boolean lists(Catalog catalog, String gateway) {
        return catalog.regionEntries().stream().map(CatalogEntry::pathId).anyMatch(id -> id.startsWith(gateway + ":"));
    }
}
