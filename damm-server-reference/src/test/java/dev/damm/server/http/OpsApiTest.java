package dev.damm.server.http;

import static dev.damm.server.http.OpsFixture.JSON;
import static dev.damm.server.http.OpsFixture.XSS;
import static dev.damm.server.http.OpsFixture.ok;
import static dev.damm.server.http.OpsFixture.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.Verification;
import dev.damm.core.report.OperatorReport;
import dev.damm.core.store.AdminToken;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.server.cli.DammCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator surface of a running server: the report as JSON and as text, page links, sessions
 * and pages, the audit of every admin read, catalog and root key rotation followed by a device's
 * verifier, every root version served, and the static export verified offline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsApiTest {
    @TempDir
    static Path dir;
    static OpsFixture f;
    static String reader;

    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOGS = new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        // Everything DAMM logs, down to DEBUG: no token, page code or session may reach a log line.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.damm")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        LOGS.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        f = new OpsFixture(dir);
        f.fleet();
        reader = AdminTokens.issue(f.running.store(), new SecureRandom(), Clock.systemUTC(), AdminToken.SCOPE_OPERATOR_READ, "test").text();
        f.secrets.add(reader);
    }

    @AfterAll
    static void stop() {
        f.close();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.damm")).setLevel(null);
        List<String> lines = LOGS.list.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("/ops/login")), "the access log was collected");
        assertTrue(f.secrets.size() >= 8, "secrets seen: " + f.secrets.size());
        for (String secret : f.secrets) {
            String tail = secret.substring(Math.max(0, secret.length() - 24));
            assertTrue(lines.stream().noneMatch(l -> l.contains(tail)), "a secret reached the log");
        }
    }

    record Run(int rc, String out, String err) {}

    static Run damm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    static Run admin(String... args) throws Exception {
        Path token = dir.resolve("reader.token");
        Files.writeString(token, f.admin);
        List<String> full = new ArrayList<>(List.of("admin", "--server", f.base, "--token-file", token.toString()));
        full.addAll(List.of(args));
        return damm(full.toArray(String[]::new));
    }

    static String id(String token) {
        return token.substring(AdminTokens.PREFIX.length(), token.indexOf('.'));
    }

    static List<String> audit(String actor, String action) throws Exception {
        List<String> targets = new ArrayList<>();
        for (JsonNode e : ok(f.call("GET", "/v1/admin/audit?limit=1000", f.admin, null), 200).path("events")) {
            if (e.path("actor").asText().equals(actor) && e.path("action").asText().equals(action)) {
                targets.add(e.path("target").asText());
            }
        }
        return targets;
    }

    @Test
    @Order(1)
    void theReportIsServedAsJsonToOperatorReadAndEveryAdminReadIsAudited() throws Exception {
        f.running.server().loop().tick();
        f.running.server().operatorData().sampleVitalSigns();
        HttpResponse<String> r = f.call("GET", "/v1/admin/report", reader, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        OperatorReport report = OperatorReport.fromJson(r.body());
        assertEquals(1, report.paths().size(), r.body());
        assertEquals("gw-x/gw-x-t0/eg-main", report.paths().get(0).pathId());
        assertEquals(XSS, report.paths().get(0).gatewayName(), "the report holds the name as stored; the pages escape it");
        assertTrue(report.vitalHistory().size() >= 2, "a sample at start and one after the tick");
        assertTrue(report.transportCosts().isEmpty(), "nothing measured transport costs: no figure is made up");
        assertEquals("eu-central", report.thinDiversity().get(0).region(), "one provider at the ingress and one at the egress");
        assertEquals("diversity", report.nextNode().source());

        refused(f.call("GET", "/v1/admin/report", null, null), 401, "unauthenticated");
        refused(f.call("GET", "/v1/admin/report", "da_forged.secret", null), 401, "unauthenticated");

        // Reads are audited with the token's id and the route template; refused ones are not.
        assertEquals(List.of("GET /v1/admin/report"), audit("admin-token:" + id(reader), "admin.read"));
        ok(f.call("GET", "/v1/admin/devices", reader, null), 200);
        ok(f.call("GET", "/v1/admin/tiers", reader, null), 200);
        refused(f.call("GET", "/v1/admin/devices/nobody", reader, null), 404, "not_found");
        assertEquals(List.of("GET /v1/admin/report", "GET /v1/admin/devices", "GET /v1/admin/tiers"), audit("admin-token:" + id(reader), "admin.read"));
        // audit list still lists everything, its own reads included.
        Run list = admin("audit", "list");
        assertEquals(0, list.rc(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.contains(" admin-token:" + id(reader) + " admin.read GET /v1/admin/report")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.contains(" admin-token:" + id(f.admin) + " admin.read GET /v1/admin/audit")), list.out());
    }

    @Test
    @Order(2)
    void dammAdminReportPrintsTheReportAsTextOneSectionAfterAnother() throws Exception {
        Run r = admin("report");
        assertEquals(0, r.rc(), r.err());
        List<String> lines = r.out().lines().toList();
        int paths = lines.indexOf("== paths by score");
        assertTrue(paths > 0, r.out());
        assertTrue(lines.get(paths + 1).startsWith("gw-x/gw-x-t0/eg-main  score "), "paths id first: " + lines.get(paths + 1));
        for (String section : List.of("== vital signs", "== weakest network zones", "== incidents by severity", "== thin provider diversity",
                "== next node", "== transport tier costs")) {
            assertTrue(lines.indexOf(section) > paths, section);
        }
        assertEquals("(not measured yet)", lines.get(lines.indexOf("== transport tier costs") + 1));
    }

    @Test
    @Order(3)
    void aPageLinkOpensASessionOnceAndThePagesNeedIt() throws Exception {
        String url = f.pageLink(reader);
        assertTrue(url.startsWith(f.base + "/ops/login?code=da_"), url);
        // The pages without a session: 401 and a page that says how to get a link.
        HttpResponse<String> none = f.call("GET", "/ops/report", null, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.body().contains("damm admin --server URL --token-file FILE pages"), none.body());
        pageHeaders(none);

        HttpResponse<String> login = f.call("GET", url, null, null);
        assertEquals(303, login.statusCode(), login.body());
        assertEquals("/ops/report", login.headers().firstValue("Location").orElseThrow());
        String set = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(set.startsWith(PageSessions.COOKIE + "=da_"), set);
        for (String attr : List.of("Path=/ops", "HttpOnly", "SameSite=Strict", "Max-Age=28800")) {
            assertTrue(set.contains(attr), attr + " in " + set);
        }
        String cookie = f.sessionCookie(login);

        HttpResponse<String> report = f.call("GET", "/ops/report", null, null, "Cookie", cookie);
        assertEquals(200, report.statusCode(), report.body());
        pageHeaders(report);
        assertTrue(report.body().contains("<table id=\"paths\">"));
        assertTrue(report.body().contains("href=\"/ops/permeability\""), "the report links to the permeability page");
        assertFalse(report.body().contains("<script"), "the gateway name is escaped");
        assertTrue(report.body().contains("&lt;script&gt;"));
        HttpResponse<String> perm = f.call("GET", "/ops/permeability", null, null, "Cookie", cookie);
        assertEquals(200, perm.statusCode());
        pageHeaders(perm);

        // The code works once; the session is no code; neither is an API token.
        assertEquals(401, f.call("GET", url, null, null).statusCode(), "a spent code");
        String sessionText = cookie.substring(cookie.indexOf('=') + 1);
        assertEquals(401, f.call("GET", "/ops/login?code=" + sessionText, null, null).statusCode(), "a session is not a code");
        refused(f.call("GET", "/v1/admin/report", sessionText, null), 401, "unauthenticated");
        String code2 = f.pageLink(reader).split("code=")[1];
        refused(f.call("GET", "/v1/admin/tiers", code2, null), 401, "unauthenticated");
        refused(f.call("POST", "/v1/admin/page-links", code2, null), 401, "unauthenticated");
        assertEquals(401, f.call("GET", "/ops/report", null, null, "Cookie", PageSessions.COOKIE + "=" + code2).statusCode(), "a code is not a session");
        assertEquals(401, f.call("GET", "/ops/report", null, null, "Cookie", PageSessions.COOKIE + "=" + f.admin).statusCode(),
                "an admin token is not a session");
        assertEquals(401, f.call("GET", "/ops/report", null, null, "Cookie", PageSessions.COOKIE + "=da_forged.x").statusCode());

        // The sign-in and the page views are audited: the session names the token that asked for the link.
        List<String> sessions = audit("admin-token:" + id(reader), "page.session");
        assertEquals(1, sessions.size(), sessions.toString());
        String session = sessions.get(0).substring("admin-token:".length());
        assertEquals(List.of("GET /ops/report", "GET /ops/permeability"), audit("admin-token:" + session, "admin.read"));
        assertEquals(2, audit("admin-token:" + id(reader), "page.link").size());

        Run printed = admin("pages");
        assertEquals(0, printed.rc(), printed.err());
        assertTrue(printed.out().strip().matches("http://127\\.0\\.0\\.1:\\d+/ops/login\\?code=da_[A-Za-z0-9_.-]+"), printed.out());
    }

    private static void pageHeaders(HttpResponse<String> r) {
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT).replace(" ", "")
                .replace(";charset=utf-8", "; charset=utf-8"));
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && !csp.contains("script-src"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    @Order(4)
    void rotatingTheCatalogKeyThenTheRootKeysIsFollowedByADeviceHoldingRootOne() throws Exception {
        CatalogScope scope = CatalogScope.of("eu-central", "basic");
        byte[] root1 = f.call("GET", "/v1/roots/1", null, null).body().getBytes(StandardCharsets.UTF_8);
        RootUpdate pinned = new RootVerifier().pin(root1);
        InMemoryTrustStore device = new InMemoryTrustStore(((RootUpdate.Accepted) pinned).root());
        CatalogVerifier verifier = CatalogVerifier.builder(device, scope).clock(f.clock).build();
        byte[] before = catalog();
        assertTrue(verifier.verify(before) instanceof Verification.Trusted t && t.rootVersion() == 1);

        refused(f.call("POST", "/v1/admin/keys/catalog", reader, null), 403, "permission_denied");
        refused(f.call("POST", "/v1/admin/keys/root", reader, null), 403, "permission_denied");
        refused(f.call("POST", "/v1/admin/keys/catalog", null, null), 401, "unauthenticated");
        refused(f.call("GET", "/v1/roots/2", null, null), 404, "not_found");

        Run rotated = admin("keys", "rotate-catalog");
        assertEquals(0, rotated.rc(), rotated.err());
        assertTrue(rotated.out().startsWith("v2 "), rotated.out());
        assertTrue(rotated.out().contains("catalogs-resigned=1"), rotated.out());
        byte[] root2 = ok200("/v1/roots/2");
        RootDocument doc2 = RootDocument.fromJson(DsseEnvelope.parse(root2).payload());
        assertEquals(1, doc2.catalogKeys().keys().size());
        assertTrue(rotated.out().contains("catalog-keys=" + doc2.catalogKeys().keys().get(0).keyId().value()), rotated.out());
        assertEquals(root1.length, ok200("/v1/roots/1").length, "every root version stays served");

        byte[] after = catalog();
        assertFalse(java.util.Arrays.equals(before, after), "the catalog was signed again");
        Verification stale = verifier.verify(after);
        assertTrue(stale instanceof Verification.Rejected, "root v1 does not know the new catalog key: " + stale);
        Verification followed = verifier.verify(after, List.of(root2));
        assertTrue(followed instanceof Verification.Trusted t && t.rootVersion() == 2, followed.toString());
        assertEquals(2, device.root().version(), "the device now holds root v2");
        assertTrue(verifier.verify(before) instanceof Verification.Rejected, "the old key's catalogs are no longer trusted");

        JsonNode rr = ok(f.call("POST", "/v1/admin/keys/root", f.admin, null), 201);
        assertEquals(3, rr.path("rootVersion").asInt());
        byte[] root3 = ok200("/v1/roots/3");
        DsseEnvelope env3 = DsseEnvelope.parse(root3);
        assertEquals(4, env3.signatures().size(), "two old root keys and two new ones");
        RootDocument doc3 = RootDocument.fromJson(env3.payload());
        assertTrue(java.util.Collections.disjoint(doc2.rootKeys().keyIds(), doc3.rootKeys().keyIds()), "new root keys");
        assertEquals(doc2.catalogKeys(), doc3.catalogKeys(), "the catalog key stays");
        assertTrue(verifier.verify(catalog(), List.of(root3)) instanceof Verification.Trusted t && t.rootVersion() == 3);
        // A device still at v1 walks the whole chain.
        InMemoryTrustStore late = new InMemoryTrustStore(((RootUpdate.Accepted) new RootVerifier().pin(root1)).root());
        assertTrue(CatalogVerifier.builder(late, scope).clock(f.clock).build().verify(catalog(), List.of(root2, root3))
                instanceof Verification.Trusted t && t.rootVersion() == 3);
        // New devices pin the newest root.
        String pass = f.running.server().loop().plane().passes().mint(dev.damm.core.model.AccessTierId.of("basic"), Duration.ofMinutes(5),
                "test", "127.0.0.1").secret();
        JsonNode enrolled = ok(f.call("POST", "/v1/devices", null, "{\"installPass\":\"" + pass + "\",\"publicKey\":\""
                + dev.damm.core.crypto.WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\"}"), 201);
        assertEquals(3, enrolled.path("trustAnchor").path("rootVersion").asInt());
        assertEquals(new String(root3, StandardCharsets.UTF_8),
                new String(enrolled.path("trustAnchor").path("signedRoot").binaryValue(), StandardCharsets.UTF_8));

        JsonNode index = ok(f.call("GET", "/v1/catalogs", null, null), 200);
        assertEquals(3, index.path("currentRoot").asInt());
        assertEquals(3, index.path("roots").size());
        assertEquals("/v1/catalogs/eu-central/basic", index.path("scopes").path(0).path("href").asText());
        assertEquals(List.of("root:v2", "root:v3"), concat(audit("admin-token:" + id(f.admin), "keys.rotate_catalog"),
                audit("admin-token:" + id(f.admin), "keys.rotate_root")));

        // A restart loads every root version and the rotated keys; catalogs still verify.
        f.close();
        f.start();
        assertEquals(new String(root3, StandardCharsets.UTF_8), new String(ok200("/v1/roots/3"), StandardCharsets.UTF_8));
        f.running.server().loop().tick();
        assertTrue(verifier.verify(catalog()) instanceof Verification.Trusted t && t.rootVersion() == 3);
    }

    private static int keysRootVersion() throws Exception {
        return ok(f.call("GET", "/v1/catalogs", null, null), 200).path("currentRoot").asInt();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static byte[] catalog() throws Exception {
        return ok200("/v1/catalogs/eu-central/basic");
    }

    private static byte[] ok200(String path) throws Exception {
        HttpResponse<String> r = f.call("GET", path, null, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Order(5)
    void theExportMirrorsTheUrlsAndVerifiesOfflineFollowingTheRoots(@TempDir Path out) throws Exception {
        Run r = damm("catalog", "export", "--server", f.base, "--out", out.toString());
        assertEquals(0, r.rc(), r.err());
        int roots = keysRootVersion();
        for (int v = 1; v <= roots; v++) {
            assertEquals(new String(ok200("/v1/roots/" + v), StandardCharsets.UTF_8), Files.readString(out.resolve("v1/roots/" + v)));
        }
        Path cat = out.resolve("v1/catalogs/eu-central/basic");
        assertEquals(new String(catalog(), StandardCharsets.UTF_8), Files.readString(cat));
        assertEquals(roots + 1, r.out().lines().count(), r.out());
        try (var files = Files.walk(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }

        List<String> verify = new ArrayList<>(List.of("catalog", "verify", "--root", out.resolve("v1/roots/1").toString()));
        for (int v = 2; v <= roots; v++) {
            verify.addAll(List.of("--follow", out.resolve("v1/roots/" + v).toString()));
        }
        verify.addAll(List.of("--catalog", cat.toString()));
        Run ok = damm(verify.toArray(String[]::new));
        assertEquals(0, ok.rc(), ok.err());
        assertTrue(ok.out().startsWith("trusted: eu-central/basic serial "), ok.out());
        assertTrue(ok.out().contains("root v" + roots), ok.out());
        if (roots > 1) {
            Run without = damm("catalog", "verify", "--root", out.resolve("v1/roots/1").toString(), "--catalog", cat.toString());
            assertEquals(2, without.rc(), "root v1 alone does not vouch for the rotated catalog key");
            assertTrue(without.err().startsWith("damm: "), without.err());
        }
        Run newest = damm("catalog", "verify", "--root", out.resolve("v1/roots/" + roots).toString(), "--catalog", cat.toString());
        assertEquals(0, newest.rc(), newest.err());

        Run unreachable = damm("catalog", "export", "--server", "http://127.0.0.1:1", "--out", out.toString());
        assertEquals(2, unreachable.rc());
        assertEquals(1, unreachable.err().strip().lines().count(), unreachable.err());
    }

    @Test
    @Order(99)
    void linksAndSessionsExpire() throws Exception {
        String url = f.pageLink(reader);
        String kept = f.pageLink(reader);
        String cookie = f.sessionCookie(f.call("GET", kept, null, null));
        assertEquals(200, f.call("GET", "/ops/report", null, null, "Cookie", cookie).statusCode());
        String fingerprint = HostileInputTest.fingerprint(f.running.store());
        f.clock.advance(PageSessions.CODE_TTL.plusSeconds(1));
        assertEquals(401, f.call("GET", url, null, null).statusCode(), "a link older than 10 minutes");
        f.clock.advance(PageSessions.SESSION_TTL);
        assertEquals(401, f.call("GET", "/ops/report", null, null, "Cookie", cookie).statusCode(), "a session older than 8 hours");
        assertEquals(fingerprint, HostileInputTest.fingerprint(f.running.store()), "refused sign-ins and pages store nothing");
        assertNotEquals(url, kept);
    }
}
