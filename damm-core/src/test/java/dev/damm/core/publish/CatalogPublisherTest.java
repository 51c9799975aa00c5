package dev.damm.core.publish;

import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.catalog.Verification;
import dev.damm.core.model.GatewayId;
import dev.damm.core.internal.placement.ScoreSignals;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.score.HandshakeAttempt;
import dev.damm.core.score.Heartbeat;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.score.ScoreBook;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The loop end to end: observations → scores → ranking → signed catalog → client verification. */
class CatalogPublisherTest {
    private final ControlPlaneFixture f = new ControlPlaneFixture();
    private final ScoreBook book = ScoreBook.builder().clock(f.clock).build();
    private final Ed25519SigningKey rootKey = Ed25519SigningKey.generate(new SecureRandom());
    private final Ed25519SigningKey catalogKey = Ed25519SigningKey.generate(new SecureRandom());
    private final CatalogScope scope = CatalogScope.of("eu-central", "standard");

    private final java.util.Map<String, String> tokens = new java.util.HashMap<>();

    private void observe(List<PathDescriptor> paths, String failingDoor, int rounds) {
        for (int i = 0; i < rounds; i++) {
            f.clock.advance(Duration.ofSeconds(10));
            for (String gw : List.of("gw-a", "gw-b")) {
                // The store's heartbeat decides whether a gateway is listed at all; the book's feeds its score.
                f.cp.gateways().heartbeat(tokens.get(gw), new dev.damm.core.model.HeartbeatMetrics(0.2, 0, 0, 0));
                book.ingest(new Heartbeat(GatewayId.of(gw), f.clock.instant(), 0.2));
            }
            for (PathDescriptor d : paths) {
                boolean ok = !d.key().frontDoorId().value().equals(failingDoor);
                book.ingest(new ProbeResult(d.key(), f.clock.instant(), ok, ok ? OptionalDouble.of(40) : OptionalDouble.empty()));
                book.ingest(new HandshakeAttempt(d.key(), f.clock.instant(), ok));
            }
            book.evaluate();
        }
    }

    private CatalogVerifier client() {
        RootDocument root = RootDocument.builder().version(1).expires(f.clock.instant().plus(Duration.ofDays(365)))
                .rootKeys(KeyQuorum.single(rootKey.publicKey())).catalogKeys(KeyQuorum.single(catalogKey.publicKey())).build();
        byte[] signedRoot = new DsseSigner(RootDocument.PAYLOAD_TYPE, rootKey).sign(root.toJson()).toJson();
        RootUpdate pinned = new RootVerifier().pin(signedRoot);
        return CatalogVerifier.builder(new InMemoryTrustStore(((RootUpdate.Accepted) pinned).root()), scope).clock(f.clock).build();
    }

    @Test
    void aFailingFrontDoorIsDemotedInTheSignedCatalogAndTheClientTrustsIt() {
        tokens.put("gw-a", f.addGateway("gw-a", EU, "hetzner"));
        tokens.put("gw-b", f.addGateway("gw-b", EU, "vultr"));
        List<PathDescriptor> paths = f.store.inTransaction(FleetPaths::of);
        FleetPaths.sync(book, paths);
        assertEquals(4, book.paths().size(), "2 gateways x 2 doors x 1 main pool");
        observe(paths, "gw-a-t0", 60);

        CatalogPublisher publisher = new CatalogPublisher(f.store, f.clock, new Ranker(RankingPolicy.DEFAULT), catalogKey,
                Duration.ofHours(1), Duration.ofDays(7));
        CatalogPublisher.Published p1 = publisher.publish(scope, book);
        Catalog c = p1.catalog().catalog();
        assertEquals(1, c.serial());
        assertEquals(2, c.entries().size());
        // An entry scores as its best door: gw-a still has a healthy T1 door, so both entries tie
        // and the tie goes to the lower path key.
        assertEquals(c.entries().get(0).score(), c.entries().get(1).score(), 1e-9);
        CatalogEntry a = c.entries().get(0);
        assertTrue(a.pathId().startsWith("gw-a"), c.entries().toString());
        assertEquals("gw-a-t1", a.frontDoors().get(0).id(), "within an entry, doors follow their path ranks: healthy first");
        assertEquals(FrontDoorState.DEMOTED, a.frontDoors().stream().filter(d -> d.id().equals("gw-a-t0")).findFirst().orElseThrow().state(),
                "the failing door stays in the catalog as a demoted failover target");

        CatalogVerifier client = client();
        Verification v = client.verify(p1.catalog().toJson());
        assertInstanceOf(Verification.Trusted.class, v, v.toString());
        CatalogPublisher.Published p2 = publisher.publish(scope, book);
        assertEquals(2, p2.catalog().catalog().serial(), "serials grow with each publication");
        assertInstanceOf(Verification.Trusted.class, client.verify(p2.catalog().toJson()));
        assertInstanceOf(Verification.Rejected.class, client.verify(p1.catalog().toJson()), "rollback to serial 1");
    }

    @Test
    void placementFollowsTheScoresThroughScoreSignals() {
        f.addGateway("gw-a", EU, "hetzner");
        f.addGateway("gw-b", EU, "vultr");
        List<PathDescriptor> paths = f.store.inTransaction(FleetPaths::of);
        FleetPaths.sync(book, paths);
        for (int i = 0; i < 60; i++) {
            f.clock.advance(Duration.ofSeconds(10));
            book.ingest(new Heartbeat(GatewayId.of("gw-a"), f.clock.instant(), 0.2));
            book.ingest(new Heartbeat(GatewayId.of("gw-b"), f.clock.instant(), 0.2));
            for (PathDescriptor d : paths) {
                boolean ok = d.key().gatewayId().value().equals("gw-b");
                book.ingest(new HandshakeAttempt(d.key(), f.clock.instant(), ok));
                book.ingest(new ProbeResult(d.key(), f.clock.instant(), ok, ok ? OptionalDouble.of(30) : OptionalDouble.empty()));
            }
            book.evaluate();
        }
        ScoreSignals signals = new ScoreSignals(book);
        assertFalse(signals.gatewayUsable(GatewayId.of("gw-a")), "gw-a was dropped by the score model");
        assertTrue(signals.gatewayUsable(GatewayId.of("gw-b")));
        assertTrue(signals.gatewayUsable(GatewayId.of("gw-unseen")), "no data yet is neutral, not bad");
        var cp = dev.damm.core.ControlPlane.builder(f.store).clock(f.clock).random(new java.util.SplittableRandom(5))
                .heartbeatTtl(Duration.ofDays(1)).signals(signals).trustAnchor(() -> new dev.damm.core.enroll.TrustAnchor(1, new byte[] {1}))
                .build();
        var r = cp.enrollment().enroll(f.request(f.mint().secret(), f.randomKey()));
        assertEquals(GatewayId.of("gw-b"), r.device().gatewayId());
    }

    @Test
    void aGatewayWhoseHeartbeatIsStaleIsLeftOutWhateverTheScoresSay() {
        String a = f.addGateway("gw-a", EU, "hetzner");
        String b = f.addGateway("gw-b", EU, "vultr");
        List<PathDescriptor> paths = f.store.inTransaction(FleetPaths::of);
        FleetPaths.sync(book, paths);
        // The score book only ever sees probes and handshakes, so it never learns that gw-a stopped heartbeating.
        for (int i = 0; i < 12; i++) {
            f.clock.advance(Duration.ofSeconds(10));
            f.cp.gateways().heartbeat(b, new dev.damm.core.model.HeartbeatMetrics(0.1, 0, 0, 0));
            for (PathDescriptor d : paths) {
                book.ingest(new ProbeResult(d.key(), f.clock.instant(), true, OptionalDouble.of(40)));
                book.ingest(new HandshakeAttempt(d.key(), f.clock.instant(), true));
            }
            book.evaluate();
        }
        assertTrue(book.isGatewayInCatalog(GatewayId.of("gw-a")), "the score model still lists gw-a");
        CatalogPublisher publisher = CatalogPublisher.builder(f.store, catalogKey).clock(f.clock).heartbeatTtl(Duration.ofSeconds(90)).build();
        Catalog c = publisher.publish(scope, book).catalog().catalog();
        assertEquals(List.of("gw-b:eg-eu-main"), c.entries().stream().map(CatalogEntry::pathId).toList(),
                "gw-a's last heartbeat is 120 s old, past the 90 s TTL");

        f.cp.gateways().heartbeat(a, dev.damm.core.model.HeartbeatMetrics.IDLE);
        assertEquals(2, publisher.publish(scope, book).catalog().catalog().entries().size(), "back with its next heartbeat");
    }
}
