package dev.damm.bench.score;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.score.ClientReport;
import dev.damm.core.score.HandshakeAttempt;
import dev.damm.core.score.Heartbeat;
import dev.damm.core.score.LatencySample;
import dev.damm.core.score.Observation;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.PathKey;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.score.ScoreBook;
import dev.damm.core.score.ThroughputSample;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * A synthetic fleet for the score benchmarks: gateways with four front doors each, every front
 * door paired with every egress pool of its region, spread over 20 regions, 8 providers and the
 * five transport tiers. Ids are shared strings, as they would be in a real fleet.
 */
final class ScoreFleet {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final int REGIONS = 20;
    static final int FRONT_DOORS_PER_GATEWAY = 4;
    static final int POOLS_PER_REGION = 20;
    static final String[] PROVIDERS = {"hetzner", "digitalocean", "vultr", "linode", "ovh", "scaleway", "upcloud", "cloudflare"};

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final List<PathDescriptor> paths;

    /** A fleet of about {@code pathCount} paths (rounded to whole gateways). */
    ScoreFleet(int pathCount) {
        int perGateway = FRONT_DOORS_PER_GATEWAY * POOLS_PER_REGION;
        int gateways = Math.max(1, pathCount / perGateway);
        paths = new ArrayList<>(gateways * perGateway);
        String[][] pools = new String[REGIONS][POOLS_PER_REGION];
        RegionCode[] regions = new RegionCode[REGIONS];
        for (int r = 0; r < REGIONS; r++) {
            regions[r] = RegionCode.of("region-" + r);
            for (int p = 0; p < POOLS_PER_REGION; p++) {
                pools[r][p] = "pool-" + r + "-" + p;
            }
        }
        TransportTier[] tiers = TransportTier.values();
        for (int g = 0; g < gateways; g++) {
            int region = g % REGIONS;
            String gateway = "gw-" + g;
            ProviderId provider = ProviderId.of(PROVIDERS[g % PROVIDERS.length]);
            for (int f = 0; f < FRONT_DOORS_PER_GATEWAY; f++) {
                String frontDoor = "fd-" + g + "-" + f;
                TransportTier tier = tiers[(g + f) % tiers.length];
                for (int p = 0; p < POOLS_PER_REGION; p++) {
                    paths.add(new PathDescriptor(PathKey.of(gateway, frontDoor, pools[region][p]), provider, regions[region], tier));
                }
            }
        }
    }

    ScoreBook newBook() {
        ScoreBook book = ScoreBook.builder().clock(clock).build();
        paths.forEach(book::register);
        return book;
    }

    /**
     * A seeded mix of every observation type, dated within the last two minutes: 30 % probes,
     * 25 % handshakes, 15 % latency, 10 % throughput, 15 % client reports, 5 % heartbeats.
     */
    Observation[] observations(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Observation[] out = new Observation[count];
        for (int i = 0; i < count; i++) {
            PathDescriptor d = paths.get(rng.nextInt(paths.size()));
            PathKey k = d.key();
            Instant at = NOW.minusMillis(rng.nextInt(120_000));
            boolean ok = rng.nextDouble() < 0.9;
            double rtt = 10 + rng.nextDouble() * rng.nextDouble() * 400;
            int kind = rng.nextInt(100);
            if (kind < 30) {
                out[i] = ok ? ProbeResult.ok(k, at, rtt) : ProbeResult.failed(k, at);
            } else if (kind < 55) {
                out[i] = new HandshakeAttempt(k, at, ok);
            } else if (kind < 70) {
                out[i] = new LatencySample(k, at, rtt);
            } else if (kind < 80) {
                out[i] = new ThroughputSample(k, at, 50 + rng.nextDouble() * 50, 100);
            } else if (kind < 95) {
                out[i] = ok ? new ClientReport(k, at, true, OptionalDouble.of(rtt), OptionalDouble.of(rng.nextDouble() * 100))
                        : ClientReport.failure(k, at);
            } else {
                out[i] = new Heartbeat(k.gatewayId(), at, rng.nextDouble());
            }
        }
        return out;
    }
}
