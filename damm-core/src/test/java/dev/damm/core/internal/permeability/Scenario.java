package dev.damm.core.internal.permeability;

import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A small world for permeability tests: four zones (three in DE, one in FR), three providers with
 * five front doors, and a healthy baseline that each test bends into one failure pattern.
 */
final class Scenario {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** One front door of the fleet. */
    record FrontDoor(String provider, RegionCode region, String gateway, String id) {}

    static final List<FrontDoor> FRONT_DOORS = List.of(
            new FrontDoor("alpha", RegionCode.of("eu-central"), "gw-a", "fd-a1"),
            new FrontDoor("alpha", RegionCode.of("eu-central"), "gw-a", "fd-a2"),
            new FrontDoor("beta", RegionCode.of("eu-west"), "gw-b", "fd-b1"),
            new FrontDoor("beta", RegionCode.of("eu-west"), "gw-b", "fd-b2"),
            new FrontDoor("gamma", RegionCode.of("eu-north"), "gw-g", "fd-g1"));

    /** What one zone sees at one front door in every round of observations. */
    record Reading(double successRate, double lossPct, int samples, boolean dns, boolean reset) {
        static final Reading HEALTHY = new Reading(0.97, 0.5, 30, false, false);

        Reading failing() {
            return new Reading(0.02, 60, samples, dns, reset);
        }

        Reading withReset() {
            return new Reading(successRate, lossPct, samples, dns, true);
        }

        Reading lossy(double pct) {
            return new Reading(successRate, pct, samples, dns, reset);
        }

        Reading tampered() {
            return new Reading(successRate, lossPct, samples, true, reset);
        }

        Reading withSamples(int n) {
            return new Reading(successRate, lossPct, n, dns, reset);
        }
    }

    private record Rule(String zone, Predicate<FrontDoor> frontDoor, UnaryOperator<Reading> how) {}

    final Map<String, NetworkZone> zones = new LinkedHashMap<>();
    private final List<Rule> bendRules = new ArrayList<>();

    Scenario() {
        zone("de-fixed-1", "DE", NetworkType.FIXED);
        zone("de-fixed-2", "DE", NetworkType.FIXED);
        zone("de-mobile-1", "DE", NetworkType.MOBILE);
        zone("fr-fixed-1", "FR", NetworkType.FIXED);
    }

    Scenario zone(String id, String country, NetworkType type) {
        zones.put(id, new NetworkZone(id, id.toUpperCase(Locale.ROOT), CountryCode.of(country), type, ""));
        return this;
    }

    /** Changes what {@code zone} (or every zone, for null) sees at front doors matching {@code frontDoor}. */
    Scenario bend(String zone, Predicate<FrontDoor> frontDoor, UnaryOperator<Reading> how) {
        bendRules.add(new Rule(zone, frontDoor, how));
        return this;
    }

    /** Four rounds of observations over the last hour, from every zone to every front door. */
    List<PathObservation> observations() {
        List<PathObservation> out = new ArrayList<>();
        for (int round = 4; round >= 1; round--) {
            Instant at = NOW.minus(Duration.ofMinutes(15L * round));
            for (NetworkZone z : zones.values()) {
                for (FrontDoor fd : FRONT_DOORS) {
                    Reading r = Reading.HEALTHY;
                    for (Rule rule : bendRules) {
                        if ((rule.zone() == null || rule.zone().equals(z.id())) && rule.frontDoor().test(fd)) {
                            r = rule.how().apply(r);
                        }
                    }
                    double median = r.successRate() > 0.1 ? 40 : 0;
                    out.add(new PathObservation(z.id(), fd.provider(), fd.region(), fd.gateway(), fd.id(), at,
                            r.successRate(), median, median * 1.5, r.lossPct(), r.samples(), r.dns(), r.reset(), ""));
                }
            }
        }
        return out;
    }

    PermeabilityModel model(Clock clock) {
        PermeabilityModel m = new PermeabilityModel(PermeabilityConfig.defaults(), clock);
        zones.values().forEach(m::registerZone);
        m.ingestAll(observations());
        return m;
    }

    PermeabilityReport report() {
        return model(Clock.fixed(NOW, ZoneOffset.UTC)).report();
    }
}
