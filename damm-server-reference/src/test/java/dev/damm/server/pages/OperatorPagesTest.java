package dev.damm.server.pages;

import static dev.damm.server.pages.HeadlessChromium.polyline;
import static dev.damm.server.pages.HeadlessChromium.rows;
import static dev.damm.server.pages.HeadlessChromium.svg;
import static dev.damm.server.pages.HeadlessChromium.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.report.NodeRecommendation;
import dev.damm.core.report.OperatorReport;
import dev.damm.core.report.PermeabilitySlice;
import dev.damm.core.report.ReportIncident;
import dev.damm.core.report.ReportPath;
import dev.damm.core.report.ReportRecommendation;
import dev.damm.core.report.ReportVitalSigns;
import dev.damm.core.report.ReportZone;
import dev.damm.core.report.ScoreFactors;
import dev.damm.core.report.ThinDiversity;
import dev.damm.core.report.TransportCost;
import dev.damm.core.report.VitalSample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OperatorPagesTest {
    /** A gateway name that would run script if it reached the page unescaped. */
    static final String XSS = "<script>document.body.setAttribute('data-xss','ran')</script>";
    static final String XSS_LABEL = "<img src=x onerror=\"document.body.setAttribute('data-xss','img')\">";
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final Path OUT = Path.of("target", "operator-pages");

    private final OperatorPages pages = new OperatorPages("report.html", "permeability.html");

    static OperatorReport report() {
        ScoreFactors good = new ScoreFactors(0.99, 0.98, 0.97, 0.9, 38.0, 80.0, 1.0);
        ScoreFactors bad = new ScoreFactors(0.2, 0.25, null, null, 120.0, 400.0, 1.0);
        List<ReportPath> paths = List.of(
                new ReportPath("gw-b/gw-b-t0/eg-eu", "gw-b", "Frankfurt B", "gw-b-t0", "eg-eu", "vultr", "eu-central", "wireguard", 0.93, 41.5, "active", good),
                new ReportPath("gw-x/gw-x-t1/eg-eu", "gw-x", XSS, "gw-x-t1", "eg-eu", "hetzner", "eu-central", "amneziawg", 0.71, 30.0, "active", good),
                new ReportPath("gw-a/gw-a-t0/eg-eu", "gw-a", "Frankfurt A", "gw-a-t0", "eg-eu", "hetzner", "eu-central", "wireguard", 0.12, 20.0, "demoted", bad),
                new ReportPath("gw-n/gw-n-t0/eg-us", "gw-n", "New", "gw-n-t0", "eg-us", "vultr", "us-east", "wireguard", null, 0, null,
                        new ScoreFactors(null, null, null, null, null, null, null)));
        List<VitalSample> history = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            history.add(new VitalSample(T0.plus(Duration.ofMinutes(5L * i)), i / 4, i < 12 ? 1.0 : 0.8, i < 2 ? null : (i < 12 ? 0.95 : 0.6),
                    i < 12 ? null : 40_000L + 1000L * i));
        }
        Instant at = history.get(history.size() - 1).at();
        ReportVitalSigns signs = new ReportVitalSigns(at,
                List.of(new ReportVitalSigns.Churn("eu-central/standard", 12, 5)),
                List.of(new ReportVitalSigns.Success("eu-central", 400, 320, 0.8, 300, 180, 0.6)),
                List.of(new ReportVitalSigns.Demotion("front_door", "gw-a-t0", "eu-central/standard", at.minusSeconds(63), at, 63_000)));
        return new OperatorReport(OperatorReport.SCHEMA_VERSION, at, T0, paths, signs, history,
                List.of(new ReportZone("ru-mobile", XSS_LABEL, "RU", "mobile", 0.05, 0.4, "selectively_interfered", 2, 900),
                        new ReportZone("de-fixed", "Germany fixed", "DE", "fixed", 0.97, 0.98, "open", 0, 1200)),
                List.of(new ReportIncident("sel-ru-mobile-hetzner", "ru-mobile", "critical", "selective_ingress_blocking",
                                "ru-mobile fails to hetzner while vultr works", 0.92, T0, at, List.of("hetzner"), List.of("gw-a-t0")),
                        new ReportIncident("loss-de-fixed", "de-fixed", "low", "packet_loss", "3% loss", 0.5, T0, at, List.of("vultr"), List.of())),
                List.of(new ThinDiversity("us-east", List.of("vultr"), List.of("static"), 1, "every gateway is at vultr")),
                new NodeRecommendation("add_ingress", "ingress:vultr@eu-central", "capacity for ru-mobile away from hetzner", 92, "permeability"),
                List.of(new TransportCost("T1", "amneziawg", "throughput_ratio_vs_t0", 0.93, "ratio", at, "damm-bench")),
                List.of(new PermeabilitySlice("ru-mobile", "hetzner", "eu-central", 0.05, 0.9, 0.95, "selectively_interfered", "add_ingress", 0.9, 600),
                        new PermeabilitySlice("ru-mobile", "vultr", "eu-central", 0.95, 0.97, 0.05, "open", "hold", 0.8, 300),
                        new PermeabilitySlice("de-fixed", "vultr", "eu-central", 0.97, 0.99, 0.9, "open", "hold", 0.9, 1200)),
                List.of(new ReportRecommendation("add_ingress", "ingress:vultr@eu-central", "capacity for ru-mobile " + XSS, 92, List.of("ru-mobile")),
                        new ReportRecommendation("reweight", "ingress:vultr@eu-central", "lossy", 20, List.of("de-fixed"))));
    }

    @Test
    void everyValueFromTheStoreOrAClientIsEscaped() {
        OperatorReport r = report();
        for (String html : List.of(pages.reportPage(r), pages.permeabilityPage(r))) {
            assertFalse(html.contains("<script"), "no script element, ever");
            assertFalse(html.contains("<img"), "no markup from a label");
            assertFalse(html.contains("onerror=\""), html);
        }
        String report = pages.reportPage(r);
        assertTrue(report.contains("&lt;script&gt;document.body.setAttribute(&#39;data-xss&#39;,&#39;ran&#39;)&lt;/script&gt;"), report);
        assertTrue(report.contains("&lt;img src=x onerror=&quot;"), report);
        assertTrue(pages.permeabilityPage(r).contains("capacity for ru-mobile &lt;script&gt;"));
        assertTrue(report.contains("Content-Security-Policy"));
    }

    @Test
    void emptySectionsSayThereIsNoDataInsteadOfInventingIt() {
        OperatorReport full = report();
        OperatorReport empty = new OperatorReport(OperatorReport.SCHEMA_VERSION, T0, T0, List.of(),
                new ReportVitalSigns(T0, List.of(), List.of(), List.of()), List.of(), List.of(), List.of(), List.of(),
                new NodeRecommendation("hold", "fleet", "nothing asks for capacity", 0, "none"), List.of(), List.of(), List.of());
        String html = pages.reportPage(empty);
        assertTrue(html.contains("not measured yet"));
        assertTrue(html.contains("no paths yet"));
        assertEquals(3, count(html, "no data yet"), "each plot says it has no data");
        assertFalse(pages.reportPage(full).contains("not measured yet"));
        assertTrue(pages.permeabilityPage(empty).contains("no permeability data"));
    }

    // ---- in the browser ----------------------------------------------------------------------

    @Test
    void thePagesRenderInHeadlessChromiumWithTheirTablesAndPlotsAndTheProbeAsText() throws Exception {
        Path chromium = HeadlessChromium.require();
        Files.createDirectories(OUT);
        OperatorReport r = report();
        Path reportFile = OUT.resolve("report.html").toAbsolutePath();
        Path permeabilityFile = OUT.resolve("permeability.html").toAbsolutePath();
        Files.writeString(reportFile, pages.reportPage(r), StandardCharsets.UTF_8);
        Files.writeString(permeabilityFile, pages.permeabilityPage(r), StandardCharsets.UTF_8);

        String dom = dumpDom(chromium, reportFile);
        // The probe did not run (no attribute set on body) and shows as text in its cell.
        assertFalse(ranProbe(dom), "the probe ran in the browser");
        assertFalse(dom.contains("<script"), "a script element reached the DOM");
        List<List<String>> paths = rows(table(dom, "paths"));
        assertEquals(4, paths.size());
        assertEquals(XSS, paths.get(1).get(2), "the gateway name is shown as the text it is");
        assertEquals(List.of("0.930", "0.710", "0.120", "-"), paths.stream().map(row -> row.get(7)).toList(), "ranked by score");
        assertEquals("-", paths.get(2).get(11), "no client data is '-', not 0");
        List<List<String>> zones = rows(table(dom, "zones"));
        assertEquals("ru-mobile", zones.get(0).get(0), "weakest zone first");
        assertEquals(XSS_LABEL, zones.get(0).get(1));
        assertEquals(List.of("critical", "low"), rows(table(dom, "incidents")).stream().map(row -> row.get(0)).toList());
        assertEquals("us-east", rows(table(dom, "diversity")).get(0).get(0));
        assertEquals("ingress:vultr@eu-central", rows(table(dom, "next-node")).get(0).get(1));
        assertEquals("0.930", rows(table(dom, "transport-costs")).get(0).get(3));
        assertEquals(List.of("eu-central/standard", "12", "5"), rows(table(dom, "churn")).get(0));
        assertEquals("60.0%", rows(table(dom, "success")).get(0).get(1));
        assertEquals("63.0 s", rows(table(dom, "demotions")).get(0).get(4));
        // Tables come before the plots.
        assertTrue(dom.indexOf("id=\"paths\"") < dom.indexOf("<svg"));

        // Three plots; each line has a point per sample with data (nulls are gaps).
        for (String id : List.of("plot-churn", "plot-success", "plot-demotion")) {
            assertTrue(dom.contains("<svg id=\"" + id + "\""), id);
        }
        assertEquals(24, polylinePoints(svg(dom, "plot-churn"), "s-churn"));
        assertEquals(24, polylinePoints(svg(dom, "plot-success"), "s-probe"));
        assertEquals(22, polylinePoints(svg(dom, "plot-success"), "s-client"));
        assertEquals(12, polylinePoints(svg(dom, "plot-demotion"), "s-demotion"));
        // Probe success drops from 100 % to 80 %: the later points sit lower (a larger y) on the plot.
        String[] probe = polyline(svg(dom, "plot-success"), "s-probe").split(" ");
        assertTrue(Double.parseDouble(probe[0].split(",")[1]) < Double.parseDouble(probe[23].split(",")[1]));

        String perm = dumpDom(chromium, permeabilityFile);
        assertFalse(ranProbe(perm));
        List<List<String>> slices = rows(table(perm, "slices"));
        assertEquals(3, slices.size());
        assertEquals("selectively_interfered", slices.get(0).get(6), "weakest slice first");
        assertTrue(rows(table(perm, "recommendations")).get(0).get(3).endsWith(XSS));
        assertTrue(dom.contains("href=\"permeability.html\""), "the report links to the permeability page");

        Path shot = OUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        run(chromium, "--screenshot=" + shot, "--window-size=1280,2600", reportFile.toUri().toString());
        byte[] png = Files.readAllBytes(shot);
        assertTrue(png.length > 10_000, "a screenshot of a rendered page, " + png.length + " bytes");
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    /** Whether the probe's script or handler set its attribute on the body element. */
    private static boolean ranProbe(String dom) {
        return Pattern.compile("<body[^>]*data-xss").matcher(dom).find();
    }

    @Test
    void aReportReadFromARunningLoopRendersWithAGatewayNameFromTheStoreAsText() throws Exception {
        java.time.Clock clock = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
        dev.damm.core.loop.ControlLoop loop = dev.damm.core.loop.ControlLoop.builder(
                        dev.damm.core.ControlPlane.builder(new dev.damm.core.store.InMemoryStore()).random(new java.security.SecureRandom())
                                .trustAnchor(() -> new dev.damm.core.enroll.TrustAnchor(1, "root".getBytes(StandardCharsets.US_ASCII))))
                .clock(clock).catalogKey(dev.damm.core.trust.Ed25519SigningKey.generate(new java.security.SecureRandom()))
                .admissionKey(dev.damm.core.trust.Ed25519SigningKey.generate(new java.security.SecureRandom())).build();
        dev.damm.core.ControlPlane cp = loop.plane();
        dev.damm.spi.net.RegionCode eu = dev.damm.spi.net.RegionCode.of("eu-central");
        dev.damm.spi.net.CountryCode de = dev.damm.spi.net.CountryCode.of("DE");
        cp.putTier(new dev.damm.core.model.AccessTier(dev.damm.core.model.AccessTierId.of("standard"), "Standard", java.util.Set.of(eu),
                java.util.Set.of(de), 100, 0, true, dev.damm.core.model.SubstitutionPolicy.STRICT, List.of()), "test");
        cp.putEgressPool(new dev.damm.core.model.EgressPool(dev.damm.core.model.EgressPoolId.of("eg-eu"), dev.damm.spi.provider.ProviderId.of("static"),
                eu, dev.damm.core.model.EgressKind.MAIN, java.util.Set.of(de), List.of(dev.damm.spi.net.IpNetwork.parse("198.51.100.0/28")),
                0.2, 0.8, true), "test");
        var provisioned = cp.gateways().provision(dev.damm.core.model.GatewayId.of("gw-x"), XSS, eu,
                dev.damm.spi.provider.ProviderId.of("hetzner"), "test");
        loop.register(provisioned.token(), new dev.damm.core.gateway.GatewayRegistration(
                dev.damm.core.crypto.WireGuardKeyPair.generate(new java.security.SecureRandom()).publicKey(),
                List.of(new dev.damm.core.gateway.GatewayRegistration.DeclaredFrontDoor("gw-x-t0",
                        dev.damm.spi.net.Endpoint.parse("203.0.113.10:51820"), dev.damm.spi.transport.TransportTier.T0, 10, java.util.Map.of()))));
        for (dev.damm.core.score.PathDescriptor d : loop.paths()) {
            loop.observe(dev.damm.core.score.ProbeResult.ok(d.key(), T0, 40));
        }
        loop.tick();
        dev.damm.core.report.VitalSignsHistory history = new dev.damm.core.report.VitalSignsHistory(10);
        history.record(loop.vitalSigns(Instant.EPOCH));
        OperatorReport r = OperatorReport.builder(loop).history(history).permeabilityArtifact(sampleArtifact()).build();
        assertEquals(XSS, r.paths().get(0).gatewayName(), "the store keeps the name as given");

        String html = pages.reportPage(r);
        assertFalse(html.contains("<script"));
        Path chromium = HeadlessChromium.require();
        Files.createDirectories(OUT);
        Path file = OUT.resolve("report-from-loop.html").toAbsolutePath();
        Files.writeString(file, html, StandardCharsets.UTF_8);
        String dom = dumpDom(chromium, file);
        assertFalse(ranProbe(dom));
        List<List<String>> paths = rows(table(dom, "paths"));
        assertEquals(1, paths.size());
        assertEquals(XSS, paths.get(0).get(2));
        assertEquals("1.000", paths.get(0).get(9), "one probe, and it connected");
        assertFalse(rows(table(dom, "zones")).isEmpty(), "zones from the permeability artifact");
        assertEquals(1, polylinePoints(svg(dom, "plot-success"), "s-probe"));
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

    private static String dumpDom(Path chromium, Path file) throws Exception {
        return run(chromium, "--dump-dom", file.toUri().toString());
    }

    private static String run(Path chromium, String... args) throws Exception {
        return HeadlessChromium.run(chromium, OUT.resolve("chromium-profile").toAbsolutePath(), args);
    }

    // ---- reading the browser's DOM -------------------------------------------------------------

    private static int polylinePoints(String svg, String cssClass) {
        String pts = polyline(svg, cssClass).strip();
        return pts.isEmpty() ? 0 : pts.split(" ").length;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
