package dev.damm.core.publish;

import static dev.damm.core.testing.ControlPlaneFixture.DE;
import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogCodec;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.ComponentRole;
import dev.damm.core.catalog.PathComponent;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.score.Heartbeat;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.score.ScoreBook;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.transport.TransportTier;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Every id the registration path accepts can be published: a gateway, front door, egress pool
 * and provider id the control plane takes in must appear in the region's signed catalog, and
 * the catalog must read back. An id one part accepts and another refuses would otherwise take
 * the whole region's publication down.
 */
class RegisteredIdsPublishTest {
    private static final CatalogScope SCOPE = CatalogScope.of("eu-central", "standard");
    private static final Ed25519SigningKey CATALOG_KEY = Ed25519SigningKey.generate(new SecureRandom());

    /** The ids one registration sends, as text, the way they reach the control plane. */
    record Ids(String gateway, String gatewayProvider, String door, int priority, String pool, String poolProvider) {}

    /** Registers {@code ids} through the control plane; empty when any part of the registration path refuses them. */
    private static Optional<String> register(ControlPlaneFixture f, Ids ids) {
        try {
            GatewayService.Provisioned p = f.cp.gateways().provision(GatewayId.of(ids.gateway()), "gateway", EU,
                    ProviderId.of(ids.gatewayProvider()), "admin");
            String credential = f.cp.gateways().register(p.token(), new GatewayRegistration(f.randomKey(), List.of(
                    new GatewayRegistration.DeclaredFrontDoor(ids.door(), new Endpoint("gw.example.net", 51820), TransportTier.T0,
                            ids.priority(), Map.of())))).credential().orElseThrow();
            f.cp.gateways().heartbeat(credential, new HeartbeatMetrics(0.1, 0, 0, 0));
            f.cp.putEgressPool(new EgressPool(EgressPoolId.of(ids.pool()), ProviderId.of(ids.poolProvider()), EU, EgressKind.MAIN,
                    Set.of(DE), List.of(IpNetwork.parse("198.51.100.0/28")), 0.2, 0.8, true), "admin");
            return Optional.of(ids.gateway() + ":" + ids.pool());
        } catch (DammException refused) {
            return Optional.empty();
        }
    }

    /** Scores every path of the fleet and publishes the region's catalog, read back from its wire form. */
    private static Catalog publish(ControlPlaneFixture f) {
        ScoreBook book = ScoreBook.builder().clock(f.clock).build();
        List<PathDescriptor> paths = f.store.inTransaction(FleetPaths::of);
        FleetPaths.sync(book, paths);
        for (int round = 0; round < 3; round++) {
            f.clock.advance(Duration.ofSeconds(10));
            paths.stream().map(d -> d.key().gatewayId()).distinct()
                    .forEach(g -> book.ingest(new Heartbeat(g, f.clock.instant(), 0.2)));
            paths.forEach(d -> book.ingest(ProbeResult.ok(d.key(), f.clock.instant(), 30)));
            book.evaluate();
        }
        CatalogPublisher publisher = new CatalogPublisher(f.store, f.clock, new Ranker(RankingPolicy.DEFAULT), CATALOG_KEY,
                Duration.ofHours(1), Duration.ofDays(7));
        byte[] wire = CatalogCodec.encode(publisher.publish(SCOPE, book).catalog().catalog());
        return CatalogCodec.decode(wire);
    }

    private static void assertPublished(Catalog catalog, Ids ids, String pathId) {
        CatalogEntry entry = catalog.entries().stream().filter(e -> e.pathId().equals(pathId)).findFirst()
                .orElseThrow(() -> new AssertionError(pathId + " missing from " + catalog.entries()));
        assertTrue(entry.frontDoors().stream().anyMatch(d -> d.id().equals(ids.door()) && d.priority() == ids.priority()),
                entry.frontDoors().toString());
        assertEquals(List.of(PathComponent.of(ComponentRole.INGRESS, ProviderId.of(ids.gatewayProvider())),
                PathComponent.of(ComponentRole.EGRESS, ProviderId.of(ids.poolProvider()))), entry.composition());
    }

    @Property(tries = 150)
    void everyIdTheRegistrationPathAcceptsPublishes(@ForAll("registrations") Ids ids) {
        ControlPlaneFixture f = new ControlPlaneFixture();
        Optional<String> pathId = register(f, ids);
        Statistics.label("registration").collect(pathId.isPresent() ? "accepted" : "refused");
        Statistics.label("registration").coverage(c -> c.check("accepted").percentage(p -> p > 10.0));
        // Whatever was refused left nothing behind that could break the region's publication.
        Catalog catalog = publish(f);
        pathId.ifPresent(id -> assertPublished(catalog, ids, id));
    }

    @Test
    void aProviderIdWithAnUnderscoreIsRefusedAtRegistrationSoTheRegionStillPublishes() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        DammException e = assertThrows(DammException.class,
                () -> f.cp.gateways().provision(GatewayId.of("gw-do"), "do", EU, ProviderId.of("do_ams3"), "admin"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("providerId:"), e.getMessage());
        assertTrue(f.store.inTransaction(tx -> tx.gateways().find(GatewayId.of("gw-do"))).isEmpty(), "nothing was stored");
        Catalog catalog = publish(f);
        assertTrue(catalog.entries().stream().anyMatch(en -> en.pathId().startsWith("gw-a:")), catalog.entries().toString());

        Ids hyphenated = new Ids("gw-do", "do-ams3", "gw-do-t0", 0, "eg-do", "do-ams3");
        String pathId = register(f, hyphenated).orElseThrow();
        assertPublished(publish(f), hyphenated, pathId);
    }

    @Test
    void gatewayAndPoolIdsCannotJoinToAnotherPairsPathId() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        Ids first = new Ids("gw-a", "hetzner", "gw-a-t0", 0, "b-c", "hetzner");
        String pathId = register(f, first).orElseThrow();
        // "gw-a:b" + "c" would join to "gw-a:b:c" as "gw-a" + "b:c" would: a colon is refused in both ids.
        assertThrows(DammException.class, () -> GatewayId.of("gw-a:b"));
        assertThrows(DammException.class, () -> EgressPoolId.of("b:c"));
        assertTrue(register(f, new Ids("gw-a:b", "hetzner", "gw-ab-t0", 0, "c", "hetzner")).isEmpty());
        assertPublished(publish(f), first, pathId);
    }

    @Test
    void theLongestAcceptedIdsStillPublish() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        Ids longest = new Ids("g".repeat(64), "p".repeat(32), "d".repeat(64), 65535, "e".repeat(64), "q".repeat(32));
        String pathId = register(f, longest).orElseThrow();
        assertPublished(publish(f), longest, pathId);
    }

    @Provide
    Arbitrary<Ids> registrations() {
        // Mostly ids built from the characters ids may hold (first character included), some from any
        // of them in any place, at every length around the limits: the property needs both accepted
        // ids and near misses.
        Arbitrary<String> entityId = Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(Arbitraries.strings().withChars("aZ09").ofLength(1),
                        Arbitraries.strings().withChars("abcXYZ0129._:-").ofMaxLength(64)).as((a, b) -> a + b)),
                Tuple.of(2, Arbitraries.strings().withChars("abcXYZ0129._:-/ ").ofMinLength(1).ofMaxLength(66)));
        Arbitrary<String> providerId = Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(Arbitraries.strings().withChars("abz").ofLength(1),
                        Arbitraries.strings().withChars("abz09").ofMinLength(1).ofMaxLength(8).list().ofMinSize(1).ofMaxSize(4))
                        .as((a, words) -> a + String.join("-", words))),
                Tuple.of(2, Arbitraries.strings().withChars("abz09-_A").ofMinLength(1).ofMaxLength(34)));
        Arbitrary<Integer> priority = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.integers().between(0, 65535)),
                Tuple.of(1, Arbitraries.of(-1, 65536)));
        return Combinators.combine(entityId, providerId, entityId, priority, entityId, providerId).as(Ids::new);
    }
}
