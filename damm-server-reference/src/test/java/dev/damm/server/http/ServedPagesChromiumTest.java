package dev.damm.server.http;

import static dev.damm.server.pages.HeadlessChromium.polyline;
import static dev.damm.server.pages.HeadlessChromium.rows;
import static dev.damm.server.pages.HeadlessChromium.run;
import static dev.damm.server.pages.HeadlessChromium.svg;
import static dev.damm.server.pages.HeadlessChromium.table;

import static dev.damm.server.http.OpsFixture.XSS;
import static dev.damm.server.http.OpsFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.server.pages.HeadlessChromium;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.store.AdminToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator pages as a browser gets them from a running server: headless Chromium opens a page
 * link (the login answer sets the session cookie and redirects to the report), then the
 * permeability page with the same profile's cookie. The tables and SVG plots are read from the
 * browser's DOM; a gateway named with a script element, registered over the API, shows as text.
 */
class ServedPagesChromiumTest {
    static final Path OUT = Path.of("target", "operator-pages-served");
    static final int SAMPLES = 5;

    @Test
    void thePagesLoadFromTheServerThroughAPageLinkWithTablesPlotsAndTheProbeAsText(@TempDir Path dir) throws Exception {
        Path chromium = HeadlessChromium.require();
        Files.createDirectories(OUT);
        try (OpsFixture f = new OpsFixture(dir)) {
            f.fleet();
            ControlLoop loop = f.running.server().loop();
            String credential = f.gatewayCredential;
            for (int i = 0; i < SAMPLES; i++) {
                f.clock.advance(Duration.ofSeconds(20));
                ok(f.call("POST", "/v1/gateways/heartbeat", credential, "{\"load\":0.2}"), 200);
                for (PathDescriptor d : loop.paths()) {
                    loop.observe(i < 3 ? ProbeResult.ok(d.key(), f.clock.instant(), 40) : ProbeResult.failed(d.key(), f.clock.instant()));
                }
                loop.tick();
                f.running.server().operatorData().sampleVitalSigns();
            }
            int samples = SAMPLES + 1; // and the one taken at start
            String reader = AdminTokens.issue(f.running.store(), new SecureRandom(), Clock.systemUTC(), AdminToken.SCOPE_OPERATOR_READ, "test").text();
            Path profile = Files.createDirectories(dir.resolve("chromium-profile"));

            String dom = run(chromium, profile, "--dump-dom", f.pageLink(reader));
            assertTrue(dom.contains("<table id=\"paths\">"), "the link led to the report: " + dom.substring(0, Math.min(400, dom.length())));
            assertFalse(ranProbe(dom), "the probe ran in the browser");
            assertFalse(dom.contains("<script"), "a script element reached the DOM");
            List<List<String>> paths = rows(table(dom, "paths"));
            assertEquals(1, paths.size());
            assertEquals("gw-x/gw-x-t0/eg-main", paths.get(0).get(1));
            assertEquals(XSS, paths.get(0).get(2), "the gateway name is shown as the text it is");
            assertEquals("hetzner", paths.get(0).get(3));
            assertEquals("eu-central", rows(table(dom, "diversity")).get(0).get(0), "one provider each side: thin diversity");
            assertEquals("not measured yet", rows(table(dom, "transport-costs")).get(0).get(0));
            assertEquals("eu-central/basic", rows(table(dom, "churn")).get(0).get(0));
            assertTrue(dom.indexOf("id=\"paths\"") < dom.indexOf("<svg"), "tables before plots");
            for (String id : List.of("plot-churn", "plot-success", "plot-demotion")) {
                assertTrue(dom.contains("<svg id=\"" + id + "\""), id);
            }
            assertEquals(samples, polylinePoints(svg(dom, "plot-churn"), "s-churn"), "a point per sample");
            assertEquals(SAMPLES, polylinePoints(svg(dom, "plot-success"), "s-probe"), "a point per sample with probes (none at start)");
            String[] probe = polyline(svg(dom, "plot-success"), "s-probe").split(" ");
            assertTrue(y(probe[0]) < y(probe[SAMPLES - 1]), "probe success fell after the failures: the last point sits lower");
            assertTrue(dom.contains("href=\"/ops/permeability\""));

            // The same profile holds the session cookie: the permeability page opens without another link.
            String perm = run(chromium, profile, "--dump-dom", f.base + "/ops/permeability");
            assertFalse(ranProbe(perm));
            assertTrue(perm.contains("<table id=\"slices\">"), perm.substring(0, Math.min(400, perm.length())));
            assertTrue(perm.contains("no permeability data"), "no artifact in the data directory: the page says so");

            // A fresh profile has no session: the sign-in page, not the report.
            Path fresh = Files.createDirectories(dir.resolve("chromium-fresh"));
            String anonymous = run(chromium, fresh, "--dump-dom", f.base + "/ops/report");
            assertTrue(anonymous.contains("Sign-in needed") && !anonymous.contains("<table"), anonymous);

            Path shot = OUT.resolve("report.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            run(chromium, profile, "--screenshot=" + shot, "--window-size=1280,2600", f.base + "/ops/report");
            byte[] png = Files.readAllBytes(shot);
            assertTrue(png.length > 10_000, "a screenshot of a rendered page, " + png.length + " bytes");
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]);
        }
    }

    private static double y(String point) {
        return Double.parseDouble(point.split(",")[1]);
    }

    private static boolean ranProbe(String dom) {
        return Pattern.compile("<body[^>]*data-xss").matcher(dom).find();
    }

    private static int polylinePoints(String svg, String cssClass) {
        String pts = polyline(svg, cssClass).strip();
        return pts.isEmpty() ? 0 : pts.split(" ").length;
    }
}
