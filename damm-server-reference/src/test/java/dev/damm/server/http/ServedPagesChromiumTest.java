package dev.damm.server.http;

import static dev.damm.server.http.OpsFixture.XSS;
import static dev.damm.server.http.OpsFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.damm.core.loop.ControlLoop;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.store.AdminToken;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
        Path chromium = onPath("chromium");
        assumeTrue(chromium != null, "chromium is not on PATH (CI installs it)");
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

    private static String run(Path chromium, Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + cmd);
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium " + cmd + ": " + out);
        return out;
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String table(String dom, String id) {
        Matcher m = Pattern.compile("<table id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "table " + id);
        return m.group(1);
    }

    private static List<List<String>> rows(String table) {
        Matcher body = Pattern.compile("<tbody>(.*?)</tbody>", Pattern.DOTALL).matcher(table);
        assertTrue(body.find());
        List<List<String>> out = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(body.group(1));
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) {
                String html = td.group(1);
                assertFalse(html.contains("<"), "markup inside a cell: " + html);
                cells.add(html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").strip());
            }
            out.add(cells);
        }
        return out;
    }

    private static String svg(String dom, String id) {
        Matcher m = Pattern.compile("<svg id=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "svg " + id);
        return m.group();
    }

    private static String polyline(String svg, String cssClass) {
        Matcher m = Pattern.compile("<polyline class=\"" + cssClass + "\"[^>]*points=\"([^\"]*)\"").matcher(svg);
        assertTrue(m.find(), "polyline " + cssClass);
        return m.group(1);
    }

    private static int polylinePoints(String svg, String cssClass) {
        String pts = polyline(svg, cssClass).strip();
        return pts.isEmpty() ? 0 : pts.split(" ").length;
    }
}
