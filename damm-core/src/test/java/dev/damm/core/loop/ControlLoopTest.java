package dev.damm.core.loop;

import static dev.damm.core.loop.LoopFixture.EU_SCOPE;
import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.catalog.Verification;
import dev.damm.core.score.ClientReport;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.SubjectKind;
import dev.damm.core.score.SubjectState;
import dev.damm.core.score.ThresholdEvent;
import dev.damm.core.store.InMemoryStore;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlLoopTest {

    private static CatalogPublication euOf(List<CatalogPublication> round) {
        return round.stream().filter(p -> p.published().catalog().catalog().scope().equals(EU_SCOPE)).findFirst().orElseThrow();
    }

    @Test
    void heartbeatsAloneTakeAStaleGatewayOutOfTheNextCatalogAndBackInWhenItReturns() {
        LoopFixture f = new LoopFixture();
        f.addGateway("gw-a", EU, "hetzner");
        f.addGateway("gw-b", EU, "vultr");
        Duration ttl = dev.damm.core.score.ScoreConfig.defaults().heartbeatTtl(); // the loop's default, 90 s

        // Both gateways heartbeat every 10 s: both are listed.
        for (int i = 0; i < 6; i++) {
            f.clock.advanceSeconds(10);
            f.heartbeat("gw-a");
            f.heartbeat("gw-b");
            f.loop.tick();
        }
        Catalog before = euOf(f.loop.tick()).published().catalog().catalog();
        assertTrue(LoopFixture.lists(before, "gw-a"), before.entries().toString());
        assertTrue(LoopFixture.lists(before, "gw-b"));

        // gw-a falls silent. By the time its last heartbeat is older than the TTL it is out.
        Instant lastA = f.clock.instant();
        Catalog gone = null;
        while (Duration.between(lastA, f.clock.instant()).compareTo(ttl.plusSeconds(10)) <= 0) {
            f.clock.advanceSeconds(10);
            f.heartbeat("gw-b");
            Catalog c = euOf(f.loop.tick()).published().catalog().catalog();
            if (!LoopFixture.lists(c, "gw-a")) {
                gone = c;
                break;
            }
            assertTrue(Duration.between(lastA, f.clock.instant()).compareTo(ttl) <= 0,
                    "listed although its heartbeat is " + Duration.between(lastA, f.clock.instant()) + " old");
        }
        assertNotNull(gone, "gw-a never left the catalog");
        assertTrue(LoopFixture.lists(gone, "gw-b"), "the gateway that kept heartbeating stays");
        assertTrue(Duration.between(lastA, f.clock.instant()).compareTo(ttl.dividedBy(2)) > 0,
                "a heartbeat younger than half the TTL is fully fresh; gw-a left after " + Duration.between(lastA, f.clock.instant()));

        // gw-a heartbeats again: it returns once the score model's restore dwell has passed.
        Instant back = f.clock.instant();
        Catalog returned = null;
        for (int i = 0; i < 60 && returned == null; i++) {
            f.clock.advanceSeconds(10);
            f.heartbeat("gw-a");
            f.heartbeat("gw-b");
            Catalog c = euOf(f.loop.tick()).published().catalog().catalog();
            if (LoopFixture.lists(c, "gw-a")) {
                returned = c;
            }
        }
        assertNotNull(returned, "gw-a never came back");
        Duration restoreDwell = dev.damm.core.score.ScoreConfig.defaults().gateway().restoreDwell();
        assertTrue(Duration.between(back, f.clock.instant()).compareTo(restoreDwell) >= 0,
                "back only after the restore dwell, was " + Duration.between(back, f.clock.instant()));
        assertTrue(returned.serial() > gone.serial());
    }

    @Test
    void unchangedContentKeepsItsSerialUntilAReSignIsDue() {
        LoopFixture f = new LoopFixture(new InMemoryStore(), b -> b.catalogFreshFor(Duration.ofMinutes(20))
                .catalogResignAfter(Duration.ofMinutes(10)));
        f.addGateway("gw-a", EU, "hetzner");
        for (int i = 0; i < 6; i++) {
            f.clock.advanceSeconds(10);
            f.heartbeat("gw-a");
            f.loop.evaluate();
        }
        CatalogPublication first = f.loop.publish(EU_SCOPE);
        assertInstanceOf(CatalogPublication.Issued.class, first);
        assertEquals(CatalogPublication.Reason.CONTENT_CHANGED, ((CatalogPublication.Issued) first).reason());

        f.clock.advanceSeconds(10);
        f.heartbeat("gw-a");
        f.loop.evaluate();
        CatalogPublication second = f.loop.publish(EU_SCOPE);
        assertInstanceOf(CatalogPublication.Kept.class, second, "nothing changed: no new serial");
        assertEquals(first.published().catalog().catalog().serial(), second.published().catalog().catalog().serial());
        assertTrue(java.util.Arrays.equals(first.published().catalog().toJson(), second.published().catalog().toJson()), "same bytes");
        assertEquals(1, f.loop.churn(EU_SCOPE, Instant.EPOCH).publications(), "one publication recorded");

        // Ten minutes on, the same content is re-signed under the next serial; churn does not count it.
        for (int i = 0; i < 60; i++) {
            f.clock.advanceSeconds(10);
            f.heartbeat("gw-a");
            f.loop.evaluate();
        }
        CatalogPublication resigned = f.loop.publish(EU_SCOPE);
        assertInstanceOf(CatalogPublication.Issued.class, resigned);
        assertEquals(CatalogPublication.Reason.RESIGNED, ((CatalogPublication.Issued) resigned).reason());
        assertEquals(first.published().catalog().catalog().serial() + 1, resigned.published().catalog().catalog().serial());
        assertEquals(first.published().contentDigest(), resigned.published().contentDigest());
        assertEquals(new VitalSigns.Churn(EU_SCOPE, 2, 1), f.loop.churn(EU_SCOPE, Instant.EPOCH));

        // A loop started afresh on the same store (a restart, or another server) recognises the content.
        LoopFixture again = new LoopFixture(f.store, b -> {});
        again.clock.set(f.clock.instant());
        again.tokens.putAll(f.tokens);
        for (int i = 0; i < 6; i++) {
            again.clock.advanceSeconds(10);
            again.heartbeat("gw-a");
            again.loop.evaluate();
        }
        CatalogPublication afterRestart = again.loop.publish(EU_SCOPE);
        assertEquals(CatalogPublication.Reason.RESIGNED, ((CatalogPublication.Issued) afterRestart).reason());
    }

    @Test
    void theVitalSignsOfAScriptedRun() {
        LoopFixture f = new LoopFixture();
        f.addGateway("gw-a", EU, "hetzner");
        f.addGateway("gw-b", EU, "vultr");
        Instant start = f.clock.instant();
        List<CatalogPublication> published = new ArrayList<>();
        long probes = 0;
        long probesOk = 0;
        long reports = 0;
        long reportsOk = 0;
        // Every 10 s: heartbeats, a probe and a handshake per path, a client report per path, an
        // evaluation; every 60 s a publication. The T0 door of gw-a goes bad at t0 = 5 min. Clients on
        // gw-b's T1 door fail throughout although its probes pass (a door that probes cannot see is blocked).
        Instant t0 = start.plus(Duration.ofMinutes(5));
        ThresholdEvent crossing = null;
        for (int i = 1; i <= 90; i++) {
            f.clock.advanceSeconds(10);
            Instant now = f.clock.instant();
            boolean bad = !now.isBefore(t0);
            f.heartbeat("gw-a");
            f.heartbeat("gw-b");
            f.probeAll(d -> bad && d.key().frontDoorId().value().equals("gw-a-t0"));
            for (PathDescriptor d : f.loop.paths()) {
                boolean probeOk = !(bad && d.key().frontDoorId().value().equals("gw-a-t0"));
                probes++;
                probesOk += probeOk ? 1 : 0;
                boolean clientOk = probeOk && !d.key().frontDoorId().value().equals("gw-b-t1");
                f.loop.observe(clientOk ? ClientReport.success(d.key(), now) : ClientReport.failure(d.key(), now));
                reports++;
                reportsOk += clientOk ? 1 : 0;
            }
            for (ThresholdEvent e : f.loop.evaluate()) {
                if (crossing == null && e.kind() == SubjectKind.FRONT_DOOR && e.subjectId().equals("gw-a-t0")
                        && e.from() == SubjectState.ACTIVE) {
                    crossing = e;
                }
            }
            if (i % 6 == 0) {
                published.add(f.loop.publish(EU_SCOPE));
            }
        }
        assertNotNull(crossing, "gw-a-t0 never crossed its threshold");
        assertFalse(crossing.at().isBefore(t0));

        // The first publication after the crossing that lists gw-a-t0 as demoted or not at all.
        CatalogPublication firstDemoting = null;
        for (CatalogPublication p : published) {
            if (!p.published().publication().publishedAt().isBefore(crossing.at()) && !listsActive(p.published().catalog().catalog(), "gw-a-t0")) {
                firstDemoting = p;
                break;
            }
        }
        assertNotNull(firstDemoting);
        Duration expected = Duration.between(crossing.at(), firstDemoting.published().publication().publishedAt());

        VitalSigns signs = f.loop.vitalSigns(start);
        VitalSigns.Demotion d = signs.demotions().stream().filter(x -> x.subjectId().equals("gw-a-t0")).findFirst().orElseThrow();
        assertEquals(SubjectKind.FRONT_DOOR, d.kind());
        assertEquals(crossing.at(), d.crossedAt());
        assertEquals(firstDemoting.published().catalog().catalog().serial(), d.serial());
        assertEquals(expected, d.latency(), "measured to the publication, not to the state change");
        assertTrue(d.latency().compareTo(Duration.ZERO) > 0 && d.latency().compareTo(Duration.ofSeconds(60)) < 0,
                "publications run every 60 s and the crossing fell between two: " + d.latency());

        // Churn: the publications that changed content, counted independently by comparing entries.
        int changes = 0;
        List<CatalogEntry> previous = null;
        for (CatalogPublication p : published) {
            if (p instanceof CatalogPublication.Issued) {
                List<CatalogEntry> entries = p.published().catalog().catalog().entries();
                if (!entries.equals(previous)) {
                    changes++;
                }
                previous = entries;
            }
        }
        VitalSigns.Churn churn = signs.churn(EU_SCOPE).orElseThrow();
        // Three contents in fifteen rounds: the first catalog; at t0 the failing door's first bad
        // probe ranks it behind gw-a's T1 door; at the crossing it is demoted.
        assertEquals(new VitalSigns.Churn(EU_SCOPE, 3, 3), churn);
        assertEquals(Duration.ofSeconds(30), d.latency(), "crossed at 10:08:30, the 10:09:00 publication demoted it");
        assertEquals(changes, churn.contentChanges());
        assertEquals(published.stream().filter(p -> p instanceof CatalogPublication.Issued).count(), churn.publications());
        assertTrue(churn.contentChanges() >= 2, "the first catalog and the demoting one: " + churn);
        assertTrue(churn.publications() < published.size(), "most rounds kept the catalog: " + churn + " of " + published.size());

        VitalSigns.Success s = signs.success(EU).orElseThrow();
        assertEquals(probes, s.probes());
        assertEquals(probesOk, s.probesSucceeded());
        assertEquals(reports, s.clientReports());
        assertEquals(reportsOk, s.clientReportsSucceeded());
        assertTrue(s.clientSuccess().getAsDouble() < s.probeSuccess().getAsDouble() - 0.2,
                "clients see the blocked door the probes miss: " + s);
    }

    @Test
    void anObservationOfAnUnknownPathIsRefusedAndNotCounted() {
        LoopFixture f = new LoopFixture();
        f.addGateway("gw-a", EU, "hetzner");
        DammException e = org.junit.jupiter.api.Assertions.assertThrows(DammException.class, () -> f.loop.observe(
                dev.damm.core.score.ProbeResult.ok(dev.damm.core.score.PathKey.of("gw-x", "gw-x-t0", "eg-eu-main"), f.clock.instant(), 10)));
        assertEquals(ErrorCode.NOT_FOUND, e.errorCode());
        assertTrue(f.loop.vitalSigns(Instant.EPOCH).success().isEmpty());
    }

    @Test
    void theResignIntervalMustFitTheFreshness() {
        DammException e = org.junit.jupiter.api.Assertions.assertThrows(DammException.class, () -> new LoopFixture(new InMemoryStore(),
                b -> b.catalogFreshFor(Duration.ofMinutes(10)).catalogResignAfter(Duration.ofMinutes(11))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("catalogResignAfter"), e.getMessage());
    }

    private static boolean listsActive(Catalog c, String door) {
        for (CatalogEntry e : c.regionEntries()) {
            for (FrontDoor d : e.frontDoors()) {
                if (d.id().equals(door) && d.state() == FrontDoorState.ACTIVE) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aPublishedCatalogVerifiesForItsScope() {
        LoopFixture f = new LoopFixture();
        f.addGateway("gw-a", EU, "hetzner");
        f.clock.advanceSeconds(10);
        f.heartbeat("gw-a");
        Verification v = f.client(EU_SCOPE).verify(f.loop.publish(EU_SCOPE).published().catalog().toJson());
        assertInstanceOf(Verification.Trusted.class, v, v.toString());
    }
}
