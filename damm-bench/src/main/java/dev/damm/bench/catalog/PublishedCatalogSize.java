package dev.damm.bench.catalog;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.ControlPlane;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.publish.CatalogPublisher;
import dev.damm.core.publish.FleetPaths;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.score.HandshakeAttempt;
import dev.damm.core.score.Heartbeat;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.score.ScoreBook;
import dev.damm.core.store.InMemoryStore;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The size of the catalog DAMM actually publishes for one region: a fleet of 200 gateways with four
 * front doors each (T0, T1, T3, T4 with their parameters) across four providers, scored from
 * synthetic probes, ranked with the default policy (top 16 paths, diversity caps) and signed by
 * {@link CatalogPublisher}. {@link CatalogSizeReport} measures 16 entries of four doors each, an
 * upper bound; this is what the pipeline emits.
 */
public final class PublishedCatalogSize {
    private PublishedCatalogSize() {}

    public static void main(String[] args) throws IOException {
        RegionCode region = RegionCode.of("eu-central");
        AccessTierId tier = AccessTierId.of("standard");
        SplittableRandom random = new SplittableRandom(7);
        InMemoryStore store = new InMemoryStore();
        ControlPlane cp = ControlPlane.builder(store).random(new SplittableRandom(1)).heartbeatTtl(Duration.ofHours(1))
                .trustAnchor(() -> new TrustAnchor(1, new byte[] {1})).build();
        cp.putTier(new AccessTier(tier, "Standard", Set.of(region), Set.of(CountryCode.of("DE")), 1_000_000, 0, true,
                SubstitutionPolicy.STRICT, List.of()), "bench");
        ProviderId[] providers = {ProviderId.of("hetzner"), ProviderId.of("digitalocean"), ProviderId.of("vultr"), ProviderId.of("ovh")};
        for (int p = 0; p < 2; p++) {
            cp.putEgressPool(new EgressPool(EgressPoolId.of("eg-" + p), providers[p], region, EgressKind.MAIN, Set.of(CountryCode.of("DE")),
                    List.of(IpNetwork.parse("198.51.100.0/28")), 0.2, 0.8, true), "bench");
        }
        for (int g = 0; g < 200; g++) {
            String id = String.format("gw-%03d", g);
            String ip = "203.0." + (113 + g / 250) + "." + (g % 250 + 1);
            String host = id + ".eu-central.damm.example";
            var prov = cp.gateways().provision(GatewayId.of(id), id, region, providers[g % providers.length], "bench");
            byte[] key = new byte[32];
            random.nextBytes(key);
            long h = random.nextLong(5, 0x7FFF_FFFFL);
            String credential = cp.gateways().register(prov.token(), new GatewayRegistration(WireGuardKey.ofBytes(key), List.of(
                    new GatewayRegistration.DeclaredFrontDoor(id + "-t0", Endpoint.parse(ip + ":51820"), TransportTier.T0, 0, Map.of()),
                    new GatewayRegistration.DeclaredFrontDoor(id + "-t1", Endpoint.parse(ip + ":443"), TransportTier.T1, 10, Map.of(
                            "jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "92", "h1", Long.toString(h), "h2", Long.toString(h + 1),
                            "h3", Long.toString(h + 2), "h4", Long.toString(h + 3))),
                    new GatewayRegistration.DeclaredFrontDoor(id + "-t3", new Endpoint(host, 443), TransportTier.T3, 20, Map.of("path", "/wg")),
                    new GatewayRegistration.DeclaredFrontDoor(id + "-t4", new Endpoint("edge.cdn.example", 443), TransportTier.T4, 30,
                            Map.of("path", "/wg", "sni", "edge.cdn.example", "host", host))))).credential().orElseThrow();
            cp.gateways().heartbeat(credential, new HeartbeatMetrics(random.nextDouble(0, 0.9), 0, 0, 0));
        }
        ScoreBook book = ScoreBook.builder().build();
        List<PathDescriptor> paths = FleetPaths.sync(book, store.inTransaction(FleetPaths::of));
        for (int round = 0; round < 20; round++) {
            for (int g = 0; g < 200; g++) {
                book.ingest(new Heartbeat(GatewayId.of(String.format("gw-%03d", g)), java.time.Instant.now(), 0.3));
            }
            for (PathDescriptor d : paths) {
                int g = Integer.parseInt(d.key().gatewayId().value().substring(3));
                boolean ok = random.nextDouble() < 0.6 + 0.4 * ((g * 7919) % 200) / 200.0;
                book.ingest(new ProbeResult(d.key(), java.time.Instant.now(), ok, ok ? OptionalDouble.of(20 + random.nextDouble(80)) : OptionalDouble.empty()));
                book.ingest(new HandshakeAttempt(d.key(), java.time.Instant.now(), ok));
            }
        }
        book.evaluate();
        byte[] seed = new byte[32];
        seed[0] = 42;
        CatalogPublisher publisher = new CatalogPublisher(store, java.time.Clock.systemUTC(), new Ranker(RankingPolicy.DEFAULT),
                Ed25519SigningKey.fromSeed(seed), Duration.ofHours(1), Duration.ofDays(7));
        CatalogPublisher.Published published = publisher.publish(CatalogScope.of(region.value(), tier.value()), book);
        List<CatalogEntry> entries = published.catalog().catalog().entries();
        int doors = entries.stream().mapToInt(e -> e.frontDoors().size()).sum();
        byte[] envelope = published.catalog().toJson();
        byte[] payload = published.catalog().envelope().payload();
        System.out.printf(java.util.Locale.ROOT, "published per-region catalog: %d paths ranked (top %d of %d candidates), %d entries, %d front doors%n",
                published.ranking().entries().size(), RankingPolicy.DEFAULT.topK(), published.ranking().candidates(), entries.size(), doors);
        System.out.printf(java.util.Locale.ROOT, "  payload  %,9d bytes raw %,9d gzipped%n", payload.length, CatalogSizeReport.gzip(payload).length);
        System.out.printf(java.util.Locale.ROOT, "  envelope %,9d bytes raw %,9d gzipped; goal <= 8,192 bytes: %s%n", envelope.length,
                CatalogSizeReport.gzip(envelope).length, envelope.length <= 8192 ? "met raw" : "raw NOT met");
    }
}
