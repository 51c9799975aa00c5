package dev.damm.core.internal.permeability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.internal.permeability.RecommendationTarget.Egress;
import dev.damm.core.internal.permeability.RecommendationTarget.Fleet;
import dev.damm.core.internal.permeability.RecommendationTarget.Frontdoor;
import dev.damm.core.internal.permeability.RecommendationTarget.Ingress;
import dev.damm.core.internal.permeability.RecommendationTarget.NewIngress;
import dev.damm.core.internal.permeability.RecommendationTarget.WholeProvider;
import dev.damm.core.internal.permeability.RecommendationTarget.Zone;
import dev.damm.core.internal.permeability.Scenario.FrontDoor;
import dev.damm.core.internal.permeability.Scenario.Reading;
import dev.damm.core.testing.FakeClock;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PermeabilityModelTest {
    private static final Predicate<FrontDoor> ALL = fd -> true;

    private static Predicate<FrontDoor> provider(String p) {
        return fd -> fd.provider().equals(p);
    }

    private static Set<String> incidentIds(PermeabilityReport r) {
        return r.incidents().stream().map(InterferenceIncident::id).collect(Collectors.toSet());
    }

    private static Set<IncidentClass> classes(PermeabilityReport r) {
        return r.incidents().stream().map(InterferenceIncident::incidentClass).collect(Collectors.toSet());
    }

    private static PermeabilityScore score(PermeabilityReport r, String zone, String provider) {
        return r.scores().stream().filter(s -> s.zoneId().equals(zone) && s.provider().equals(provider))
                .findFirst().orElseThrow();
    }

    private static List<PlacementRecommendation> recs(PermeabilityReport r, RecommendationType type) {
        return r.recommendations().stream().filter(x -> x.type() == type).collect(Collectors.toList());
    }

    @Test
    void aHealthyFleetHasNoIncidentsEveryScoreOpenAndOneHold() {
        PermeabilityReport r = new Scenario().report();
        assertTrue(r.incidents().isEmpty());
        assertEquals(4 * 3, r.scores().size());
        r.scores().forEach(s -> {
            assertEquals(PermeabilityStatus.OPEN, s.status(), s.toString());
            assertEquals(RecommendationType.HOLD, s.recommendedAction());
            assertTrue(s.permeabilityScore() > 0.95 && s.stabilityScore() > 0.99 && s.replaceabilityScore() > 0.95);
        });
        assertEquals(List.of(new PlacementRecommendation(RecommendationType.HOLD, new Fleet(),
                "no incident reached the confidence threshold", 0, List.of())), r.recommendations());
        assertEquals(Scenario.NOW, r.generatedAt());
    }

    @Test
    void oneProviderFailingFromEveryZoneIsAProviderOutageAndNothingElse() {
        PermeabilityReport r = new Scenario().bend(null, provider("alpha"), Reading::failing).report();
        assertEquals(Set.of("provider_outage:alpha"), incidentIds(r));
        InterferenceIncident outage = r.incidents().get(0);
        assertEquals("*", outage.zoneId());
        assertEquals(List.of("alpha"), outage.affectedProviders());
        assertEquals(List.of("fd-a1", "fd-a2"), outage.affectedFrontdoors());
        assertEquals(Severity.CRITICAL, outage.severity());
        assertTrue(outage.confidence() > 0.9);
        // Provider failure is not interference: hold, and place nothing because of it.
        PermeabilityScore s = score(r, "de-fixed-1", "alpha");
        assertEquals(PermeabilityStatus.EFFECTIVELY_BLOCKED, s.status());
        assertEquals(RecommendationType.HOLD, s.recommendedAction());
        assertEquals(List.of(RecommendationType.HOLD), r.recommendations().stream().map(PlacementRecommendation::type).collect(Collectors.toList()));
        assertEquals(new WholeProvider("alpha"), r.recommendations().get(0).target());
    }

    @Test
    void oneZoneFailingToEveryProviderIsARegionalBlackholeAndNothingElse() {
        PermeabilityReport r = new Scenario().bend("de-fixed-2", ALL, Reading::failing).report();
        assertEquals(Set.of("regional_blackhole:de-fixed-2"), incidentIds(r));
        InterferenceIncident i = r.incidents().get(0);
        assertEquals(Severity.CRITICAL, i.severity());
        assertEquals(List.of("alpha", "beta", "gamma"), i.affectedProviders());
        assertEquals(RecommendationType.INVESTIGATE, score(r, "de-fixed-2", "beta").recommendedAction());
        assertEquals(PermeabilityStatus.EFFECTIVELY_BLOCKED, score(r, "de-fixed-2", "beta").status());
        assertEquals(List.of(new Zone("de-fixed-2")), recs(r, RecommendationType.INVESTIGATE).stream()
                .map(PlacementRecommendation::target).collect(Collectors.toList()));
    }

    @Test
    void oneZoneFailingToOneProvidersFrontDoorsWhileOthersWorkIsSelectiveBlockingAndNothingElse() {
        PermeabilityReport r = new Scenario().bend("de-fixed-1", provider("beta"), Reading::failing).report();
        assertEquals(Set.of("selective_ingress_blocking:de-fixed-1:beta"), incidentIds(r));
        InterferenceIncident i = r.incidents().get(0);
        assertEquals("de-fixed-1", i.zoneId());
        assertEquals(List.of("fd-b1", "fd-b2"), i.affectedFrontdoors());
        assertEquals(Severity.HIGH, i.severity());
        assertEquals(Scenario.NOW.minus(Duration.ofMinutes(60)), i.firstSeenAt());
        assertEquals(Scenario.NOW.minus(Duration.ofMinutes(15)), i.lastSeenAt());
        PermeabilityScore s = score(r, "de-fixed-1", "beta");
        assertEquals(PermeabilityStatus.SELECTIVELY_INTERFERED, s.status());
        assertEquals(RecommendationType.ADD_INGRESS, s.recommendedAction());
        assertEquals(PermeabilityStatus.OPEN, score(r, "de-fixed-2", "beta").status());
        // The best open alternative for that zone: ties broken by provider name.
        PlacementRecommendation add = recs(r, RecommendationType.ADD_INGRESS).get(0);
        assertEquals(new Ingress("alpha", RegionCode.of("eu-central")), add.target());
        assertEquals(List.of("de-fixed-1"), add.backingZoneIds());
        assertTrue(recs(r, RecommendationType.WITHDRAW_FRONTDOOR).isEmpty(), "other zones still reach beta");
    }

    @Test
    void resetsMakeSelectiveBlockingCritical() {
        PermeabilityReport r = new Scenario().bend("de-fixed-1", provider("beta"), x -> x.failing().withReset()).report();
        assertEquals(Severity.CRITICAL, r.incidents().get(0).severity());
        assertTrue(r.incidents().get(0).summary().contains("resets"));
    }

    @Test
    void aMobileZoneFailingWhereFixedZonesOfItsCountryWorkIsMobileOnlyAndNothingElse() {
        PermeabilityReport r = new Scenario().bend("de-mobile-1", ALL, Reading::failing).report();
        assertEquals(Set.of("mobile_only_disruption:de-mobile-1"), incidentIds(r));
        assertEquals(List.of("alpha", "beta", "gamma"), r.incidents().get(0).affectedProviders());
        assertEquals(PermeabilityStatus.SELECTIVELY_INTERFERED, score(r, "de-mobile-1", "alpha").status());
        // Nothing is open for that zone, so the ingress must be somewhere new.
        assertTrue(recs(r, RecommendationType.ADD_INGRESS).stream().allMatch(x -> x.target() instanceof NewIngress));
    }

    @Test
    void aMobileZoneWithoutWorkingFixedPeersIsABlackholeNotMobileOnly() {
        PermeabilityReport r = new Scenario().zone("pl-mobile-1", "PL", NetworkType.MOBILE)
                .bend("pl-mobile-1", ALL, Reading::failing).report();
        assertEquals(Set.of("regional_blackhole:pl-mobile-1"), incidentIds(r));
    }

    @Test
    void dnsTamperingFlagsAreTheirOwnIncidentAndNothingElse() {
        PermeabilityReport r = new Scenario().bend("fr-fixed-1", ALL, Reading::tampered).report();
        assertEquals(Set.of(IncidentClass.DNS_TAMPERING), classes(r));
        InterferenceIncident i = r.incidents().get(0);
        assertEquals("fr-fixed-1", i.zoneId());
        assertEquals(Severity.HIGH, i.severity());
        assertEquals(RecommendationType.HOLD, r.recommendations().get(0).type());
        assertEquals(new Zone("fr-fixed-1"), r.recommendations().get(0).target());
        assertEquals(PermeabilityStatus.OPEN, score(r, "fr-fixed-1", "alpha").status(), "IP front doors still work");
    }

    @Test
    void elevatedLossInOneZoneIsPacketLossAndNothingElse() {
        PermeabilityReport r = new Scenario().bend("de-fixed-2", provider("gamma"), x -> x.lossy(12)).report();
        assertEquals(Set.of("packet_loss:de-fixed-2"), incidentIds(r));
        assertEquals(Severity.MEDIUM, r.incidents().get(0).severity());
        assertEquals(PermeabilityStatus.DEGRADED, score(r, "de-fixed-2", "gamma").status());
        assertEquals(RecommendationType.REWEIGHT, score(r, "de-fixed-2", "gamma").recommendedAction());
        assertEquals(new Ingress("gamma", RegionCode.of("eu-north")), recs(r, RecommendationType.REWEIGHT).get(0).target());
    }

    @Test
    void lossAProviderShowsFromEveryZoneIsNotBlamedOnAnyZone() {
        PermeabilityReport r = new Scenario().bend(null, provider("gamma"), x -> x.lossy(12)).report();
        assertTrue(r.incidents().isEmpty(), r.incidents().toString());
        assertEquals(PermeabilityStatus.DEGRADED, score(r, "de-fixed-2", "gamma").status());
    }

    @Test
    void aFrontDoorFailingFromEveryZoneIsAProviderSideFailureAndIsWithdrawn() {
        PermeabilityReport r = new Scenario().bend(null, fd -> fd.id().equals("fd-b1"), Reading::failing).report();
        assertEquals(Set.of("provider_outage:beta"), incidentIds(r));
        InterferenceIncident i = r.incidents().get(0);
        assertEquals(List.of("fd-b1"), i.affectedFrontdoors());
        assertEquals(Severity.MEDIUM, i.severity(), "one of beta's front doors, not the provider");
        PlacementRecommendation withdraw = recs(r, RecommendationType.WITHDRAW_FRONTDOOR).get(0);
        assertEquals(new Frontdoor("fd-b1"), withdraw.target());
        assertEquals(List.of("de-fixed-1", "de-fixed-2", "de-mobile-1", "fr-fixed-1"), withdraw.backingZoneIds());
        assertTrue(recs(r, RecommendationType.HOLD).isEmpty(), "beta itself is not out");
        assertTrue(recs(r, RecommendationType.ADD_INGRESS).isEmpty(), "not interference: nothing to route around");
    }

    @Test
    void interferenceInSeveralZonesPointingAtOneRegionAsksForEgressThere() {
        PermeabilityReport r = new Scenario()
                .bend("de-fixed-1", provider("beta"), Reading::failing)
                .bend("de-fixed-2", provider("beta"), Reading::failing)
                .report();
        assertEquals(Set.of(IncidentClass.SELECTIVE_INGRESS_BLOCKING), classes(r));
        PlacementRecommendation ingress = recs(r, RecommendationType.ADD_INGRESS).get(0);
        assertEquals(List.of("de-fixed-1", "de-fixed-2"), ingress.backingZoneIds());
        PlacementRecommendation egress = recs(r, RecommendationType.ADD_EGRESS).get(0);
        assertEquals(new Egress(RegionCode.of("eu-central")), egress.target());
        assertTrue(egress.priority() < ingress.priority());
    }

    @Test
    void aSingleLowConfidenceObservationProducesNoIncident() {
        Clock clock = Clock.fixed(Scenario.NOW, ZoneOffset.UTC);
        PermeabilityModel alone = new PermeabilityModel(PermeabilityConfig.defaults(), clock);
        new Scenario().zones.values().forEach(alone::registerZone);
        PathObservation one = PathObservation.of("de-fixed-1", "beta", RegionCode.of("eu-west"), "gw-b", "fd-b1",
                Scenario.NOW.minusSeconds(60), 0.0, 0, 0, 100, 3);
        alone.ingest(one);
        PermeabilityReport r = alone.report();
        assertTrue(r.incidents().isEmpty());
        assertEquals(RecommendationType.INVESTIGATE, r.scores().get(0).recommendedAction());
        assertEquals(new Fleet(), r.recommendations().get(0).target());

        // The same lone failure beside healthy evidence: still nothing.
        Scenario world = new Scenario();
        PermeabilityModel m = new PermeabilityModel(PermeabilityConfig.defaults(), clock);
        world.zones.values().forEach(m::registerZone);
        m.ingestAll(world.observations().stream()
                .filter(o -> !(o.zoneId().equals("de-fixed-1") && o.frontdoorId().equals("fd-b1")))
                .collect(Collectors.toList()));
        m.ingest(one);
        assertTrue(m.report().incidents().isEmpty());
    }

    @Test
    void lowConfidenceIncidentsOnlyAskToInvestigateAndNeverOutrankStrongOnes() {
        PermeabilityReport r = new Scenario()
                .bend("de-fixed-1", provider("beta"), Reading::failing)
                // 8 samples per round and front door decay to ~29 weighted samples: confidence ~0.59,
                // reported, but below the 0.7 needed to act.
                .bend("fr-fixed-1", provider("alpha"), x -> x.failing().withSamples(8))
                .report();
        InterferenceIncident weak = r.incidents().stream().filter(i -> i.zoneId().equals("fr-fixed-1")).findFirst().orElseThrow();
        assertTrue(weak.confidence() >= 0.5 && weak.confidence() < 0.7, weak.toString());
        PlacementRecommendation investigate = recs(r, RecommendationType.INVESTIGATE).get(0);
        assertEquals(new Zone("fr-fixed-1"), investigate.target());
        PlacementRecommendation strong = recs(r, RecommendationType.ADD_INGRESS).get(0);
        assertEquals(List.of("de-fixed-1"), strong.backingZoneIds());
        assertTrue(strong.priority() > investigate.priority());
        assertEquals(strong, r.recommendations().get(0));
    }

    @Test
    void evidenceAgesOutLosingConfidenceThenDisappearing() {
        Scenario world = new Scenario().bend("de-fixed-1", provider("beta"), Reading::failing);
        FakeClock clock = new FakeClock(Scenario.NOW);
        PermeabilityModel m = world.model(clock);
        double fresh = m.report().incidents().get(0).confidence();
        clock.set(Scenario.NOW.plus(Duration.ofMinutes(30)));
        double older = m.report().incidents().get(0).confidence();
        assertTrue(older < fresh, older + " < " + fresh);
        clock.set(Scenario.NOW.plus(Duration.ofHours(4)));
        assertTrue(m.report().incidents().isEmpty(), "decayed below the minimum confidence");
        clock.set(Scenario.NOW.plus(Duration.ofHours(6)));
        PermeabilityReport gone = m.report();
        assertTrue(gone.scores().isEmpty());
        assertEquals(0, m.observationCount(), "aged-out evidence is pruned");
    }

    @Test
    void badObservationsAreRefusedWithTheFieldNamed() {
        PermeabilityModel m = new Scenario().model(Clock.fixed(Scenario.NOW, ZoneOffset.UTC));
        int held = m.observationCount();
        DammException unknown = assertThrows(DammException.class, () -> m.ingest(PathObservation.of("xx-zone", "beta",
                RegionCode.of("eu-west"), "gw-b", "fd-b1", Scenario.NOW, 1, 10, 20, 0, 10)));
        assertEquals(ErrorCode.NOT_FOUND, unknown.errorCode());
        assertTrue(unknown.getMessage().startsWith("zoneId:"));
        DammException future = assertThrows(DammException.class, () -> m.ingest(PathObservation.of("de-fixed-1", "beta",
                RegionCode.of("eu-west"), "gw-b", "fd-b1", Scenario.NOW.plus(Duration.ofMinutes(6)), 1, 10, 20, 0, 10)));
        assertTrue(future.getMessage().startsWith("observedAt:"));
        DammException old = assertThrows(DammException.class, () -> m.ingest(PathObservation.of("de-fixed-1", "beta",
                RegionCode.of("eu-west"), "gw-b", "fd-b1", Scenario.NOW.minus(Duration.ofHours(7)), 1, 10, 20, 0, 10)));
        assertTrue(old.getMessage().startsWith("observedAt:"));
        assertEquals(held, m.observationCount());

        Instant t = Scenario.NOW;
        RegionCode eu = RegionCode.of("eu-west");
        assertField("handshakeSuccessRate", () -> PathObservation.of("z", "p", eu, "g", "f", t, 1.5, 10, 20, 0, 1));
        assertField("handshakeSuccessRate", () -> PathObservation.of("z", "p", eu, "g", "f", t, Double.NaN, 10, 20, 0, 1));
        assertField("medianRttMs", () -> PathObservation.of("z", "p", eu, "g", "f", t, 1, -1, 20, 0, 1));
        assertField("p95RttMs", () -> PathObservation.of("z", "p", eu, "g", "f", t, 1, 30, 20, 0, 1));
        assertField("packetLossPct", () -> PathObservation.of("z", "p", eu, "g", "f", t, 1, 10, 20, 101, 1));
        assertField("sampleCount", () -> PathObservation.of("z", "p", eu, "g", "f", t, 1, 10, 20, 0, 0));
        assertField("zoneId", () -> PathObservation.of("z z", "p", eu, "g", "f", t, 1, 10, 20, 0, 1));
        assertField("country", () -> new NetworkZone("z", "Z", null, NetworkType.FIXED, ""));
        assertField("countryCode", () -> new NetworkZone("z", "Z", CountryCode.of("XX"), NetworkType.FIXED, ""));
    }

    private static void assertField(String field, org.junit.jupiter.api.function.Executable build) {
        DammException e = assertThrows(DammException.class, build);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }

    @Test
    void aZoneIdCannotBeRegisteredTwiceWithDifferentDetails() {
        PermeabilityModel m = new PermeabilityModel(PermeabilityConfig.defaults(), Clock.fixed(Scenario.NOW, ZoneOffset.UTC));
        NetworkZone z = new NetworkZone("de-1", "Berlin", CountryCode.of("DE"), NetworkType.FIXED, "");
        m.registerZone(z);
        m.registerZone(z);
        DammException e = assertThrows(DammException.class,
                () -> m.registerZone(new NetworkZone("de-1", "Munich", CountryCode.of("DE"), NetworkType.FIXED, "")));
        assertEquals(ErrorCode.CONFLICT, e.errorCode());
        assertEquals(List.of(z), m.zones());
    }

    @Test
    void configRejectsInconsistentThresholds() {
        assertThrows(DammException.class, () -> PermeabilityConfig.builder().workingAbove(0.2).failingBelow(0.3).build());
        assertThrows(DammException.class, () -> PermeabilityConfig.builder().actionConfidence(0.4).minIncidentConfidence(0.5).build());
        assertThrows(DammException.class, () -> PermeabilityConfig.builder().minZonesForOutage(1).build());
        assertEquals(0.5, PermeabilityConfig.defaults().confidence(20));
    }
}
