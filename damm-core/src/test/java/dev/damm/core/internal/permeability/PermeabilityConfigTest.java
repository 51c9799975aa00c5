package dev.damm.core.internal.permeability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.internal.permeability.Scenario.FrontDoor;
import dev.damm.core.internal.permeability.Scenario.Reading;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each number the analysis decides with is a {@link PermeabilityConfig} knob, and turning it changes the report. */
class PermeabilityConfigTest {
    private static final Predicate<FrontDoor> ALL = fd -> true;

    private static Predicate<FrontDoor> provider(String p) {
        return fd -> fd.provider().equals(p);
    }

    private static PermeabilityReport report(Scenario world, PermeabilityConfig config) {
        PermeabilityModel m = new PermeabilityModel(config, Clock.fixed(Scenario.NOW, ZoneOffset.UTC));
        world.zones.values().forEach(m::registerZone);
        m.ingestAll(world.observations());
        return m.report();
    }

    private static PermeabilityConfig.Builder config() {
        return PermeabilityConfig.builder();
    }

    private static Severity severityOf(PermeabilityReport r, IncidentClass c) {
        return r.incidents().stream().filter(i -> i.incidentClass() == c).findFirst().orElseThrow().severity();
    }

    private static PlacementRecommendation rec(PermeabilityReport r, RecommendationType type) {
        return r.recommendations().stream().filter(x -> x.type() == type).findFirst().orElseThrow();
    }

    @Test
    void theNewKnobsRefuseValuesOutOfRangeWithTheFieldNamed() {
        Map<String, UnaryOperator<PermeabilityConfig.Builder>> bad = Map.of(
                "criticalOutageZones", b -> b.criticalOutageZones(0),
                "notableResetShare", b -> b.notableResetShare(1.5),
                "highLossFactor", b -> b.highLossFactor(0.5),
                "highDnsShare", b -> b.highDnsShare(-0.1),
                "unconfirmedBlockingConfidence", b -> b.unconfirmedBlockingConfidence(Double.NaN),
                "holdPriorityFactor", b -> b.holdPriorityFactor(2),
                "backingZoneBoost", b -> b.backingZoneBoost(-1),
                "egressPriorityDrop", b -> b.egressPriorityDrop(101),
                "minZonesForEgress", b -> b.minZonesForEgress(0));
        bad.forEach((field, how) -> {
            DammException e = assertThrows(DammException.class, () -> how.apply(config()).build(), field);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode(), field);
            assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
        });
        PermeabilityConfig d = PermeabilityConfig.defaults();
        assertEquals(List.of(3, 5, 10, 2), List.of(d.criticalOutageZones(), d.backingZoneBoost(), d.egressPriorityDrop(),
                d.minZonesForEgress()));
        assertEquals(List.of(0.2, 3.0, 0.5, 0.5, 0.5), List.of(d.notableResetShare(), d.highLossFactor(), d.highDnsShare(),
                d.unconfirmedBlockingConfidence(), d.holdPriorityFactor()));
    }

    @Test
    void aProviderOutageIsCriticalFromCriticalOutageZones() {
        Scenario world = new Scenario().bend(null, provider("alpha"), Reading::failing);
        assertEquals(Severity.CRITICAL, severityOf(report(world, config().build()), IncidentClass.PROVIDER_OUTAGE));
        assertEquals(Severity.HIGH, severityOf(report(world, config().criticalOutageZones(5).build()),
                IncidentClass.PROVIDER_OUTAGE));
    }

    @Test
    void resetsMakeBlockingCriticalFromNotableResetShare() {
        // Half the failing weight saw resets.
        Scenario world = new Scenario()
                .bend("de-fixed-1", fd -> fd.id().equals("fd-b1"), x -> x.failing().withReset())
                .bend("de-fixed-1", fd -> fd.id().equals("fd-b2"), Reading::failing);
        PermeabilityReport byDefault = report(world, config().build());
        assertEquals(Severity.CRITICAL, severityOf(byDefault, IncidentClass.SELECTIVE_INGRESS_BLOCKING));
        assertTrue(byDefault.incidents().get(0).summary().contains("resets"));
        PermeabilityReport strict = report(world, config().notableResetShare(0.6).build());
        assertEquals(Severity.HIGH, severityOf(strict, IncidentClass.SELECTIVE_INGRESS_BLOCKING));
        assertTrue(!strict.incidents().get(0).summary().contains("resets"));
    }

    @Test
    void packetLossIsHighFromHighLossFactorTimesTheElevatedLoss() {
        Scenario world = new Scenario().bend("de-fixed-2", provider("gamma"), x -> x.lossy(12));
        assertEquals(Severity.MEDIUM, severityOf(report(world, config().build()), IncidentClass.PACKET_LOSS));
        assertEquals(Severity.HIGH, severityOf(report(world, config().highLossFactor(2).build()), IncidentClass.PACKET_LOSS));
    }

    @Test
    void dnsTamperingIsHighFromHighDnsShare() {
        // Two of five front doors answer with tampered DNS: 40 % of the weight.
        Scenario world = new Scenario().bend("fr-fixed-1", provider("alpha"), Reading::tampered);
        assertEquals(Severity.MEDIUM, severityOf(report(world, config().build()), IncidentClass.DNS_TAMPERING));
        assertEquals(Severity.HIGH, severityOf(report(world, config().highDnsShare(0.3).build()), IncidentClass.DNS_TAMPERING));
    }

    @Test
    void blockingNoOtherZoneConfirmsKeepsUnconfirmedBlockingConfidence() {
        // Only the first zone sees beta's front door; alpha's works from both.
        PermeabilityConfig halved = config().build();
        PermeabilityConfig whole = config().unconfirmedBlockingConfidence(1.0).build();
        List<NetworkZone> zones = List.of(
                new NetworkZone("de-1", "DE 1", CountryCode.of("DE"), NetworkType.FIXED, ""),
                new NetworkZone("de-2", "DE 2", CountryCode.of("DE"), NetworkType.FIXED, ""));
        List<PathObservation> obs = new ArrayList<>();
        for (int round = 1; round <= 4; round++) {
            Instant at = Scenario.NOW.minus(Duration.ofMinutes(15L * round));
            obs.add(PathObservation.of("de-1", "beta", RegionCode.of("eu-west"), "gw-b", "fd-b1", at, 0.02, 0, 0, 60, 30));
            for (String z : List.of("de-1", "de-2")) {
                obs.add(PathObservation.of(z, "alpha", RegionCode.of("eu-central"), "gw-a", "fd-a1", at, 0.97, 40, 60, 0.5, 30));
            }
        }
        double full = incidentConfidence(zones, obs, whole);
        assertTrue(full >= 0.7, "confirmed or not, this much evidence is strong: " + full);
        assertTrue(reportOf(zones, obs, halved).incidents().isEmpty(), "at half the confidence it is not reported");
        double threeQuarters = incidentConfidence(zones, obs, config().unconfirmedBlockingConfidence(0.75).build());
        assertEquals(0.75 * full, threeQuarters, 1e-4);
    }

    private static PermeabilityReport reportOf(List<NetworkZone> zones, List<PathObservation> obs, PermeabilityConfig c) {
        PermeabilityModel m = new PermeabilityModel(c, Clock.fixed(Scenario.NOW, ZoneOffset.UTC));
        zones.forEach(m::registerZone);
        m.ingestAll(obs);
        return m.report();
    }

    private static double incidentConfidence(List<NetworkZone> zones, List<PathObservation> obs, PermeabilityConfig c) {
        List<InterferenceIncident> incidents = reportOf(zones, obs, c).incidents();
        assertEquals(List.of("selective_ingress_blocking:de-1:beta"),
                incidents.stream().map(InterferenceIncident::id).collect(Collectors.toList()));
        return incidents.get(0).confidence();
    }

    @Test
    void theRankingKnobsMovePrioritiesAndEgress() {
        Scenario twoZones = new Scenario()
                .bend("de-fixed-1", provider("beta"), Reading::failing)
                .bend("de-fixed-2", provider("beta"), Reading::failing);
        PermeabilityReport byDefault = report(twoZones, config().build());
        int ingress = rec(byDefault, RecommendationType.ADD_INGRESS).priority();
        int egress = rec(byDefault, RecommendationType.ADD_EGRESS).priority();
        assertEquals(ingress - 10, egress, "both are backed by two zones, so both got the same boost");

        PermeabilityReport noDrop = report(twoZones, config().egressPriorityDrop(0).build());
        assertEquals(rec(noDrop, RecommendationType.ADD_INGRESS).priority(), rec(noDrop, RecommendationType.ADD_EGRESS).priority());

        PermeabilityReport noBoost = report(twoZones, config().backingZoneBoost(0).build());
        assertEquals(ingress - 5, rec(noBoost, RecommendationType.ADD_INGRESS).priority());

        PermeabilityReport threeNeeded = report(twoZones, config().minZonesForEgress(3).build());
        assertTrue(threeNeeded.recommendations().stream().noneMatch(x -> x.type() == RecommendationType.ADD_EGRESS));

        Scenario tampered = new Scenario().bend("fr-fixed-1", ALL, Reading::tampered);
        int halvedHold = rec(report(tampered, config().build()), RecommendationType.HOLD).priority();
        int fullHold = rec(report(tampered, config().holdPriorityFactor(1.0).build()), RecommendationType.HOLD).priority();
        assertTrue(fullHold > 0);
        assertEquals(fullHold / 2, halvedHold);
    }
}
