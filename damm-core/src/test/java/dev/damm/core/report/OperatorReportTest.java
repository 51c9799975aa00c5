package dev.damm.core.report;

import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static dev.damm.core.testing.ControlPlaneFixture.US;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.damm.core.ControlPlane;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.json.DammJson;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.score.ClientReport;
import dev.damm.core.score.HandshakeAttempt;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.store.InMemoryStore;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.testing.FakeClock;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OperatorReportTest {
    private static final CatalogScope EU_SCOPE = new CatalogScope(EU, ControlPlaneFixture.TIER.value());

    private final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    private final ControlLoop loop = ControlLoop.builder(ControlPlane.builder(new InMemoryStore()).random(new SplittableRandom(7))
                    .trustAnchor(() -> new TrustAnchor(1, "root".getBytes())))
            .clock(clock).catalogKey(Ed25519SigningKey.generate(new SecureRandom()))
            .admissionKey(Ed25519SigningKey.generate(new SecureRandom())).build();
    private final Map<String, String> tokens = new HashMap<>();
    private final SplittableRandom keys = new SplittableRandom(42);

    OperatorReportTest() {
        ControlPlane cp = loop.plane();
        cp.putTier(ControlPlaneFixture.tier(SubstitutionPolicy.STRICT, 1_000_000, 0), "admin");
        cp.putEgressPool(ControlPlaneFixture.pool("eg-eu-main", EU, EgressKind.MAIN, Set.of(ControlPlaneFixture.DE)), "admin");
        cp.putEgressPool(ControlPlaneFixture.pool("eg-us-main", US, EgressKind.MAIN, Set.of(ControlPlaneFixture.US_C)), "admin");
    }

    private void addGateway(String id, String name, dev.damm.spi.net.RegionCode region, String provider) {
        GatewayService.Provisioned p = loop.plane().gateways().provision(GatewayId.of(id), name, region, ProviderId.of(provider), "admin");
        byte[] k = new byte[32];
        keys.nextBytes(k);
        String credential = loop.register(p.token(), new GatewayRegistration(WireGuardKey.ofBytes(k), List.of(
                new GatewayRegistration.DeclaredFrontDoor(id + "-t0", new Endpoint("gw-" + id + ".example.net", 51820), TransportTier.T0, 10, Map.of()))))
                .credential().orElseThrow();
        tokens.put(id, credential);
    }

    /** Runs the fleet for {@code rounds} of 10 s; gw-a's door fails from {@code badFrom} on; samples each round. */
    private void run(int rounds, int badFrom, VitalSignsHistory history) {
        for (int i = 1; i <= rounds; i++) {
            clock.advanceSeconds(10);
            boolean bad = i >= badFrom;
            tokens.values().forEach(t -> loop.heartbeat(t, new HeartbeatMetrics(0.2, 0, 0, 0)));
            for (PathDescriptor d : loop.paths()) {
                boolean ok = !(bad && d.key().gatewayId().value().equals("gw-a"));
                loop.observe(ok ? ProbeResult.ok(d.key(), clock.instant(), 40) : ProbeResult.failed(d.key(), clock.instant()));
                loop.observe(new HandshakeAttempt(d.key(), clock.instant(), ok));
                loop.observe(ok ? ClientReport.success(d.key(), clock.instant()) : ClientReport.failure(d.key(), clock.instant()));
            }
            loop.evaluate();
            if (i % 6 == 0) {
                loop.publish(EU_SCOPE);
            }
            history.record(loop.vitalSigns(Instant.EPOCH));
        }
    }

    private static String sampleArtifact() throws Exception {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("docs/permeability-sample.json");
            if (Files.exists(p)) {
                return Files.readString(p);
            }
        }
        throw new IllegalStateException("docs/permeability-sample.json not found");
    }

    @Test
    void aReportOfARunningFleetRanksPathsCarriesTheVitalSignsAndRoundTripsAsJson() throws Exception {
        addGateway("gw-a", "Frankfurt A", EU, "hetzner");
        addGateway("gw-b", "Frankfurt B", EU, "hetzner");
        addGateway("gw-u", "Virginia", US, "vultr");
        VitalSignsHistory history = new VitalSignsHistory(1000);
        run(60, 20, history);

        OperatorReport r = OperatorReport.builder(loop).history(history).permeabilityArtifact(sampleArtifact())
                .transportCost(new TransportCost("T1", "amneziawg", "throughput_ratio_vs_t0", 0.93, "ratio", clock.instant(), "test"))
                .build();

        // Paths: best first; the failing gateway's path last, with a breakdown that shows why.
        assertEquals(3, r.paths().size());
        ReportPath last = r.paths().get(2);
        assertEquals("gw-a", last.gatewayId());
        assertEquals("Frankfurt A", last.gatewayName());
        assertTrue(last.score() < r.paths().get(0).score(), r.paths().toString());
        assertTrue(last.breakdown().probeSuccessRate() < r.paths().get(0).breakdown().probeSuccessRate());
        assertEquals("hetzner", last.provider());
        assertEquals("wireguard", last.transport());

        // Vital signs: churn of the published scope, success counts that match what was fed, the demotion of gw-a.
        ReportVitalSigns v = r.vitalSigns();
        ReportVitalSigns.Churn churn = v.churn().stream().filter(c -> c.scope().equals(EU_SCOPE.key())).findFirst().orElseThrow();
        // Ten publish calls; those with unchanged content and no re-sign due keep the last serial.
        assertTrue(churn.publications() <= 10 && churn.publications() >= churn.contentChanges(), churn.toString());
        assertTrue(churn.contentChanges() >= 2, "first publication and the demotion change content: " + churn);
        ReportVitalSigns.Success eu = v.success().stream().filter(s -> s.region().equals(EU.value())).findFirst().orElseThrow();
        assertEquals(120, eu.probes());
        assertEquals(120 - 41, eu.probesSucceeded()); // gw-a fails from round 20 to 60
        assertEquals((double) (120 - 41) / 120, eu.probeSuccess(), 1e-12);
        assertEquals(120, eu.clientReports());
        assertTrue(v.demotions().stream().anyMatch(d -> d.subjectId().startsWith("gw-a") && d.latencyMillis() >= 0), v.demotions().toString());

        // Over time: one sample per round, success falling once gw-a fails.
        assertEquals(60, r.vitalHistory().size());
        assertEquals(1.0, r.vitalHistory().get(10).probeSuccess(), 1e-12);
        assertTrue(r.vitalHistory().get(59).probeSuccess() < 1.0);
        assertNull(r.vitalHistory().get(0).demotionMillis());
        assertNotNull(r.vitalHistory().get(59).demotionMillis());

        // Diversity: every EU gateway is at one provider; both regions' egress is at one provider.
        ThinDiversity first = r.thinDiversity().get(0);
        assertEquals(List.of("hetzner"), first.ingressProviders());
        assertTrue(r.thinDiversity().stream().anyMatch(t -> t.region().equals(US.value())));

        // Permeability: zones weakest first, incidents worst first, the next node from the model's add_ingress.
        assertFalse(r.weakestZones().isEmpty());
        for (int i = 1; i < r.weakestZones().size(); i++) {
            assertTrue(r.weakestZones().get(i - 1).worstPermeability() <= r.weakestZones().get(i).worstPermeability());
        }
        List<String> order = List.of("critical", "high", "medium", "low");
        for (int i = 1; i < r.incidents().size(); i++) {
            assertTrue(order.indexOf(r.incidents().get(i - 1).severity()) <= order.indexOf(r.incidents().get(i).severity()));
        }
        assertEquals("permeability", r.nextNode().source());
        assertTrue(r.nextNode().action().startsWith("add_"), r.nextNode().toString());
        assertEquals(1, r.transportCosts().size());

        // JSON: stable field names, and it reads back to the same report.
        String json = r.toJson();
        JsonNode tree = DammJson.strict().readTree(json);
        for (String field : List.of("schemaVersion", "generatedAt", "since", "paths", "vitalSigns", "vitalHistory", "weakestZones",
                "incidents", "thinDiversity", "nextNode", "transportCosts", "permeability", "recommendations")) {
            assertTrue(tree.has(field), field);
        }
        assertTrue(tree.get("paths").get(0).get("breakdown").has("probeSuccessRate"));
        assertEquals(r, OperatorReport.fromJson(json));
        assertEquals(json, OperatorReport.fromJson(json).toJson());

        // Text: every section, the failing path's gateway name.
        String text = r.toText();
        for (String h : List.of("== paths by score", "== vital signs", "== weakest network zones", "== incidents by severity",
                "== thin provider diversity", "== next node", "== transport tier costs")) {
            assertTrue(text.contains(h), h);
        }
        assertTrue(text.contains("gateway Frankfurt A"));
    }

    @Test
    void withoutDataTheSectionsAreEmptyAndTheNextNodeComesFromDiversity() {
        addGateway("gw-a", "A", EU, "hetzner");
        OperatorReport r = OperatorReport.builder(loop).build();
        assertEquals(1, r.paths().size());
        assertNull(r.paths().get(0).breakdown().probeSuccessRate(), "no probe yet: no rate, not 0");
        assertTrue(r.weakestZones().isEmpty());
        assertTrue(r.incidents().isEmpty());
        assertTrue(r.transportCosts().isEmpty());
        assertEquals("diversity", r.nextNode().source());
        assertEquals("ingress:new@" + EU.value(), r.nextNode().target());
        assertTrue(r.toText().contains("(not measured yet)"));
        assertTrue(r.toJson().contains("\"probeSuccessRate\" : null"));
    }

    @Test
    void textReplacesControlCharactersOfNamesAndBadInputIsTyped() {
        assertEquals("evil?[2Jname?next?", OperatorReportText.safe("evil\u001b[2Jname\nnext\u2028"));

        DammException bad = assertThrows(DammException.class, () -> OperatorReport.builder(loop).permeabilityArtifact("{\"schemaVersion\":1"));
        assertEquals(ErrorCode.MALFORMED_INPUT, bad.errorCode());
        DammException wrongVersion = assertThrows(DammException.class, () -> OperatorReport.fromJson(
                OperatorReport.builder(loop).build().toJson().replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 9")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, wrongVersion.errorCode());
        assertThrows(DammException.class, () -> new TransportCost("T1", "amneziawg", "x", Double.NaN, "ratio", Instant.EPOCH, "t"));
    }
}
