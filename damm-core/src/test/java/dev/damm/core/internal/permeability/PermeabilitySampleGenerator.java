package dev.damm.core.internal.permeability;

import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Generates {@code docs/permeability-sample.json} from a seeded random scenario, so the sample is
 * produced by the model rather than typed by hand. {@code PermeabilitySampleTest} fails when the
 * committed file differs from what this produces.
 *
 * <p>Run from the repository root: {@code java -cp <test classpath>
 * dev.damm.core.internal.permeability.PermeabilitySampleGenerator docs/permeability-sample.json}
 */
public final class PermeabilitySampleGenerator {
    static final long SEED = 20260301L;
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Path SAMPLE = Path.of("docs", "permeability-sample.json");

    private record FrontDoor(String provider, String region, String gateway, String id) {}

    private static final List<FrontDoor> FRONT_DOORS = List.of(
            new FrontDoor("hetzner", "eu-central", "gw-hz-fsn-1", "fd-hz-fsn-1a"),
            new FrontDoor("hetzner", "eu-central", "gw-hz-fsn-1", "fd-hz-fsn-1b"),
            new FrontDoor("hetzner", "eu-north", "gw-hz-hel-1", "fd-hz-hel-1a"),
            new FrontDoor("digitalocean", "eu-west", "gw-do-ams-1", "fd-do-ams-1a"),
            new FrontDoor("digitalocean", "eu-west", "gw-do-ams-1", "fd-do-ams-1b"),
            new FrontDoor("digitalocean", "us-east", "gw-do-nyc-1", "fd-do-nyc-1a"),
            new FrontDoor("vultr", "eu-central", "gw-vu-fra-1", "fd-vu-fra-1a"),
            new FrontDoor("vultr", "ap-south", "gw-vu-sgp-1", "fd-vu-sgp-1a"),
            new FrontDoor("cloudflare", "eu-west", "gw-cf-ams-1", "fd-cf-ams-1a"));

    private static final List<NetworkZone> ZONES = List.of(
            zone("de-berlin-fixed", "Berlin residential broadband", "DE", NetworkType.FIXED, ""),
            zone("de-telekom-mobile", "Telekom Deutschland mobile", "DE", NetworkType.MOBILE, ""),
            zone("ru-moscow-fixed", "Moscow residential broadband", "RU", NetworkType.FIXED, "TSPU-equipped ISPs"),
            zone("ru-mts-mobile", "MTS mobile", "RU", NetworkType.MOBILE, ""),
            zone("ir-tehran-fixed", "Tehran fixed lines", "IR", NetworkType.FIXED, ""),
            zone("ir-mci-mobile", "MCI mobile", "IR", NetworkType.MOBILE, ""),
            zone("tr-istanbul-fixed", "Istanbul residential broadband", "TR", NetworkType.FIXED, ""),
            zone("tr-turkcell-mobile", "Turkcell mobile", "TR", NetworkType.MOBILE, ""),
            zone("cn-shanghai-fixed", "Shanghai residential broadband", "CN", NetworkType.FIXED, ""),
            zone("us-nyc-fixed", "New York residential broadband", "US", NetworkType.FIXED, "few volunteer probes"),
            zone("br-saopaulo-fixed", "Sao Paulo residential broadband", "BR", NetworkType.FIXED, "probe cohort starting up"));

    /** Rough base RTT in ms from a zone's country to an ingress region. */
    private static final Map<String, Double> BASE_RTT = Map.of(
            "eu-central", 40.0, "eu-north", 55.0, "eu-west", 45.0, "us-east", 110.0, "ap-south", 180.0);

    private PermeabilitySampleGenerator() {}

    private static NetworkZone zone(String id, String label, String country, NetworkType type, String notes) {
        return new NetworkZone(id, label, CountryCode.of(country), type, notes);
    }

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : SAMPLE;
        Files.writeString(out, PermeabilityArtifact.toJson(generate()), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** The sample report: the same bytes on every run and machine. */
    static PermeabilityReport generate() {
        PermeabilityModel model = new PermeabilityModel(PermeabilityConfig.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        ZONES.forEach(model::registerZone);
        model.ingestAll(observations(new SplittableRandom(SEED)));
        return model.report();
    }

    /** Nine rounds, 20 minutes apart, over the last three hours; about one reading in seven is missing. */
    static List<PathObservation> observations(RandomGenerator rng) {
        List<PathObservation> out = new ArrayList<>();
        for (int round = 9; round >= 1; round--) {
            Instant at = NOW.minus(Duration.ofMinutes(20L * round)).plusSeconds(rng.nextInt(0, 120));
            for (NetworkZone z : ZONES) {
                for (FrontDoor fd : FRONT_DOORS) {
                    if (rng.nextDouble() < 0.15) {
                        continue;
                    }
                    PathObservation o = reading(rng, z, fd, at, round);
                    if (o != null) {
                        out.add(o);
                    }
                }
            }
        }
        // One lone, thin failure from a new cohort: too little evidence for an incident.
        out.add(new PathObservation("br-saopaulo-fixed", "hetzner", RegionCode.of("eu-central"), "gw-hz-fsn-1",
                "fd-hz-fsn-1a", NOW.minus(Duration.ofMinutes(7)), 0.0, 0, 0, 100, 3, false, false, "first probe"));
        return out;
    }

    private static PathObservation reading(RandomGenerator rng, NetworkZone z, FrontDoor fd, Instant at, int round) {
        String zone = z.id();
        String country = z.country().value();
        double success = 0.97 + rng.nextDouble(-0.03, 0.03);
        double loss = rng.nextDouble(0.0, 1.5);
        int samples = rng.nextInt(20, 61);
        boolean dns = false;
        boolean reset = false;
        String notes = "";
        boolean blocked = false;

        if (fd.provider().equals("vultr")) {
            blocked = true; // provider outage: fails from everywhere
        }
        if (fd.id().equals("fd-do-ams-1b")) {
            blocked = true; // one dead front door, from everywhere
        }
        if (zone.equals("ru-moscow-fixed") && fd.provider().equals("hetzner")) {
            blocked = true;
            reset = rng.nextDouble() < 0.6;
        }
        if (zone.equals("tr-turkcell-mobile") && !fd.provider().equals("cloudflare")) {
            blocked = true;
        }
        if (country.equals("IR")) {
            blocked = true;
        }
        if (zone.equals("cn-shanghai-fixed")) {
            dns = rng.nextDouble() < 0.6;
            if (fd.provider().equals("digitalocean")) {
                loss = 9 + rng.nextDouble(-1.5, 1.5);
            }
        }
        if (zone.equals("de-telekom-mobile") && fd.region().equals("eu-north")) {
            success = round % 2 == 0 ? 0.96 : 0.42; // flapping carrier route
        }
        if (zone.equals("us-nyc-fixed")) {
            samples = rng.nextInt(20, 27);
            if (fd.provider().equals("cloudflare")) {
                blocked = true;
            }
        }
        if (zone.equals("br-saopaulo-fixed") && round > 2) {
            return null; // the cohort only started reporting recently
        }
        if (blocked) {
            success = rng.nextDouble(0.0, 0.04);
            loss = rng.nextDouble(40, 100);
            notes = reset ? "RST after ClientHello" : "";
        }
        double median = success < 0.05 ? 0 : BASE_RTT.get(fd.region()) * (1 + rng.nextDouble(0, 0.3));
        double p95 = median * (1.2 + rng.nextDouble(0, 0.6));
        return new PathObservation(zone, fd.provider(), RegionCode.of(fd.region()), fd.gateway(), fd.id(), at,
                r3(Math.max(0, Math.min(1, success))), r3(median), r3(p95), r3(loss), samples, dns, reset, notes);
    }

    private static double r3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
