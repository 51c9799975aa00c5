package dev.damm.core.internal.permeability;

import dev.damm.core.testing.FakeClock;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random fleets and zones, one per seed, varied enough that every incident class, status and
 * recommendation type turns up across a few hundred seeds: provider outages (whole and partial),
 * dead front doors, selective blocking with and without resets, blackholes over one or several
 * providers, mobile zones, flapping and degraded slices, loss in one zone or everywhere, DNS
 * tampering, thin and aged evidence, and now and then a front door id seen behind two gateways.
 *
 * <p>{@link #digests} holds the SHA-256 of each seed's report as JSON. {@code GeneratedFleetsTest}
 * compares them with {@link #DIGESTS}, so a change to the analysis that alters any report shows
 * up; regenerate (from the repository root, with the test classpath) by running this class with
 * the digest file as its argument, and only for a change that is meant to alter reports.
 */
public final class GeneratedFleets {
    static final int SEEDS = 400;
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Path DIGESTS = Path.of("damm-core", "src", "test", "resources", "dev", "damm", "core", "permeability",
            "generated-report-digests.txt");

    private static final String[] COUNTRIES = {"DE", "FR", "RU", "IR"};
    private static final String[] REGIONS = {"eu-central", "eu-west", "eu-north", "us-east", "ap-south"};

    private record FrontDoor(String provider, RegionCode region, String gateway, String id) {}

    /** A generated world: its zones and its observations, and the time to report at. */
    record Fleet(List<NetworkZone> zones, List<PathObservation> observations, Instant reportAt) {
        PermeabilityReport report(PermeabilityConfig config) {
            FakeClock clock = new FakeClock(NOW);
            PermeabilityModel m = new PermeabilityModel(config, clock);
            zones.forEach(m::registerZone);
            m.ingestAll(observations);
            clock.set(reportAt);
            return m.report();
        }

        PermeabilityReport report() {
            return report(PermeabilityConfig.defaults());
        }
    }

    private GeneratedFleets() {}

    static Fleet fleet(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int providers = rng.nextInt(1, 6);
        List<FrontDoor> doors = new ArrayList<>();
        for (int p = 0; p < providers; p++) {
            String provider = "p" + p;
            int regions = rng.nextInt(1, 4);
            int first = rng.nextInt(REGIONS.length);
            for (int r = 0; r < regions; r++) {
                RegionCode region = RegionCode.of(REGIONS[(first + r) % REGIONS.length]);
                String gateway = "gw-" + p + "-" + r;
                int n = rng.nextInt(1, 4);
                for (int f = 0; f < n; f++) {
                    doors.add(new FrontDoor(provider, region, gateway, "fd-" + p + "-" + r + "-" + f));
                }
            }
        }
        if (doors.size() > 1 && rng.nextDouble() < 0.15) {
            // The same front door id reported behind another gateway: slices keep them apart.
            FrontDoor d = doors.get(rng.nextInt(doors.size()));
            doors.add(new FrontDoor(d.provider(), d.region(), d.gateway() + "-alt", d.id()));
        }

        int zoneCount = rng.nextInt(2, 13);
        List<NetworkZone> zones = new ArrayList<>();
        for (int z = 0; z < zoneCount; z++) {
            String country = COUNTRIES[rng.nextInt(COUNTRIES.length)];
            double t = rng.nextDouble();
            NetworkType type = t < 0.6 ? NetworkType.FIXED : t < 0.9 ? NetworkType.MOBILE
                    : t < 0.95 ? NetworkType.SATELLITE : NetworkType.MIXED;
            zones.add(new NetworkZone("z" + z + "-" + country.toLowerCase(java.util.Locale.ROOT), "Zone " + z,
                    CountryCode.of(country), type, ""));
        }

        String outProvider = rng.nextDouble() < 0.3 ? "p" + rng.nextInt(providers) : null;
        String deadDoor = rng.nextDouble() < 0.3 ? doors.get(rng.nextInt(doors.size())).id() : null;
        String lossyProvider = rng.nextDouble() < 0.15 ? "p" + rng.nextInt(providers) : null;
        int zoneBehaviours = zones.size();
        int[] mode = new int[zoneBehaviours];
        String[] blockedProvider = new String[zoneBehaviours];
        String[] lossyTo = new String[zoneBehaviours];
        boolean[] dns = new boolean[zoneBehaviours];
        boolean[] resets = new boolean[zoneBehaviours];
        boolean[] thin = new boolean[zoneBehaviours];
        String[] flapRegion = new String[zoneBehaviours];
        for (int z = 0; z < zoneBehaviours; z++) {
            double m = rng.nextDouble();
            mode[z] = m < 0.45 ? 0 : m < 0.75 ? 1 : m < 0.88 ? 2 : 3; // healthy, selective, blackhole, degraded
            blockedProvider[z] = "p" + rng.nextInt(providers);
            lossyTo[z] = rng.nextDouble() < 0.15 ? "p" + rng.nextInt(providers) : null;
            dns[z] = rng.nextDouble() < 0.12;
            resets[z] = rng.nextDouble() < 0.3;
            thin[z] = rng.nextDouble() < 0.12;
            flapRegion[z] = rng.nextDouble() < 0.15 ? REGIONS[rng.nextInt(REGIONS.length)] : null;
        }

        int rounds = rng.nextInt(1, 11);
        long spacingMinutes = rng.nextLong(5, 36);
        double missing = rng.nextDouble(0.0, 0.3);
        List<PathObservation> out = new ArrayList<>();
        for (int round = rounds; round >= 1; round--) {
            Instant at = NOW.minus(Duration.ofMinutes(spacingMinutes * round)).plusSeconds(rng.nextInt(0, 120));
            if (at.isBefore(NOW.minus(Duration.ofHours(6)))) {
                continue;
            }
            for (int z = 0; z < zoneBehaviours; z++) {
                NetworkZone zone = zones.get(z);
                for (FrontDoor fd : doors) {
                    if (rng.nextDouble() < missing) {
                        continue;
                    }
                    double success = 0.97 + rng.nextDouble(-0.03, 0.03);
                    double loss = rng.nextDouble(0.0, 1.5);
                    int samples = thin[z] ? rng.nextInt(1, 6) : rng.nextInt(5, 61);
                    boolean reset = false;
                    boolean blocked = fd.provider().equals(outProvider) || fd.id().equals(deadDoor)
                            || (mode[z] == 1 && fd.provider().equals(blockedProvider[z])) || mode[z] == 2;
                    if (mode[z] == 3 && fd.provider().equals(blockedProvider[z])) {
                        success = rng.nextDouble(0.4, 0.75);
                    }
                    if (fd.provider().equals(lossyProvider) || fd.provider().equals(lossyTo[z])) {
                        loss = rng.nextDouble(5, 20);
                    }
                    if (fd.region().value().equals(flapRegion[z])) {
                        success = round % 2 == 0 ? 0.96 : rng.nextDouble(0.1, 0.5);
                    }
                    if (blocked) {
                        success = rng.nextDouble(0.0, 0.05);
                        loss = rng.nextDouble(40, 100);
                        reset = resets[z] && rng.nextDouble() < 0.7;
                    }
                    boolean tampered = dns[z] && rng.nextDouble() < 0.6;
                    double median = success < 0.05 ? 0 : 30 + rng.nextDouble(0, 150);
                    double p95 = median * (1.2 + rng.nextDouble(0, 0.6));
                    out.add(new PathObservation(zone.id(), fd.provider(), fd.region(), fd.gateway(), fd.id(), at,
                            r3(success), r3(median), r3(p95), r3(loss), samples, tampered, reset, ""));
                }
            }
        }
        Instant reportAt = NOW.plus(Duration.ofMinutes(rng.nextLong(0, 150)));
        return new Fleet(zones, out, reportAt);
    }

    private static double r3(double v) {
        return Math.round(Math.max(0, v) * 1000) / 1000.0;
    }

    static String digest(PermeabilityReport report) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(PermeabilityArtifact.toJson(report).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<PermeabilityReport> reports;

    /** The report of every seed, in seed order; computed once per test run. */
    static synchronized List<PermeabilityReport> reports() {
        if (reports == null) {
            List<PermeabilityReport> out = new ArrayList<>();
            for (long seed = 0; seed < SEEDS; seed++) {
                out.add(fleet(seed).report());
            }
            reports = List.copyOf(out);
        }
        return reports;
    }

    /** One line per seed: {@code <seed> <sha-256 of the report's JSON>}. */
    static List<String> digests() {
        List<String> lines = new ArrayList<>();
        List<PermeabilityReport> all = reports();
        for (int seed = 0; seed < all.size(); seed++) {
            lines.add(seed + " " + digest(all.get(seed)));
        }
        return lines;
    }

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : DIGESTS;
        Files.write(out, digests(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
