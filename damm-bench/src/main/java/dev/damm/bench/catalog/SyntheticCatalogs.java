package dev.damm.bench.catalog;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.ComponentRole;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.catalog.PathComponent;
import dev.damm.core.catalog.TransportParams;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Deterministic, realistic catalog entries for benchmarks: random gateway keys and addresses (so
 * compression figures are honest), and four front doors per gateway (T0, T1 with its own
 * AmneziaWG values, T3, and T4 through a CDN).
 */
final class SyntheticCatalogs {
    private static final String[] PROVIDERS = {"hetzner", "digitalocean", "vultr", "ovh"};
    private static final String[] COUNTRIES = {"DE", "NL", "FI", "FR", "SE", "PL"};

    private SyntheticCatalogs() {}

    static List<CatalogEntry> entries(String region, int gateways, long seed) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        List<CatalogEntry> out = new ArrayList<>(gateways);
        for (int i = 0; i < gateways; i++) {
            out.add(entry(region, i, gateways, random));
        }
        return out;
    }

    private static CatalogEntry entry(String region, int i, int n, RandomGenerator random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        ProviderId provider = ProviderId.of(PROVIDERS[random.nextInt(PROVIDERS.length)]);
        String ip = (random.nextInt(200) + 5) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (random.nextInt(253) + 1);
        String host = "gw-" + i + "." + region + ".damm.example";
        String id = String.format("%s-%05d", region, i);
        long h = random.nextLong(5, 0x7FFF_FFFFL);
        int s1 = random.nextInt(15, 150);
        int s2 = random.nextInt(15, 150);
        if (s2 == s1 + 56) {
            s2++; // AmneziaWG: equal padded lengths would make initiations and responses look alike
        }
        return new CatalogEntry(
                id,
                List.of(PathComponent.of(ComponentRole.CDN_FRONT, ProviderId.of("cloudflare")),
                        PathComponent.of(ComponentRole.INGRESS, provider),
                        PathComponent.of(ComponentRole.EGRESS, provider)),
                Math.round((1.0 - (double) i / n) * 1000) / 1000.0,
                WireGuardKey.ofBytes(key),
                CountryCode.of(COUNTRIES[random.nextInt(COUNTRIES.length)]),
                List.of(
                        FrontDoor.wireGuard(id + "-t0", new Endpoint(ip, 51820), 0),
                        new FrontDoor(id + "-t1", new Endpoint(ip, 443), TransportTier.T1,
                                TransportParams.amneziaWg(random.nextInt(3, 11), 40, random.nextInt(70, 1000),
                                        s1, s2, h, h + 1, h + 2, h + 3),
                                10, FrontDoorState.ACTIVE),
                        new FrontDoor(id + "-t3", new Endpoint(host, 443), TransportTier.T3,
                                TransportParams.wss("/wg", null, null), 20, FrontDoorState.ACTIVE),
                        new FrontDoor(id + "-t4", new Endpoint("edge.cdn.example", 443), TransportTier.T4,
                                TransportParams.wss("/wg", "edge.cdn.example", host), 30,
                                i % 5 == 0 ? FrontDoorState.DEMOTED : FrontDoorState.ACTIVE)));
    }

    /** A fixed signing key, so runs are comparable. */
    static Ed25519SigningKey key() {
        byte[] seed = new byte[32];
        seed[0] = 42;
        return Ed25519SigningKey.fromSeed(seed);
    }
}
