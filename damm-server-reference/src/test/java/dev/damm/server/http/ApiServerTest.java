package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.ControlPlane;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.admission.AdmissionPublisher;
import dev.damm.core.enroll.MintedPass;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.server.cli.ServerCommand;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real server on an ephemeral loopback port and talks to it over HTTP. */
class ApiServerTest {
    static final RegionCode REGION = RegionCode.of("eu-central");
    static final AccessTierId TIER = AccessTierId.of("basic");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ServerCommand.Running running;
    static HttpClient http;
    static String base;
    static String gatewayToken;
    static OpenApiContract contract;

    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOGS = new ch.qos.logback.core.read.ListAppender<>();
    static final java.util.List<String> SECRETS = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The same events as the server writes them with JSON logs (the logstash encoder). */
    static final java.io.ByteArrayOutputStream JSON_LOGS = new java.io.ByteArrayOutputStream();
    static final ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> JSON_APPENDER =
            new ch.qos.logback.core.OutputStreamAppender<>();

    @BeforeAll
    static void start() throws Exception {
        // Collect everything DAMM logs, down to DEBUG, to show that no secret ever reaches a log line.
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.damm")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        LOGS.start();
        root.addAppender(LOGS);
        net.logstash.logback.encoder.LogstashEncoder encoder = new net.logstash.logback.encoder.LogstashEncoder();
        encoder.setContext(root.getLoggerContext());
        encoder.start();
        JSON_APPENDER.setContext(root.getLoggerContext());
        JSON_APPENDER.setEncoder(encoder);
        JSON_APPENDER.setOutputStream(JSON_LOGS);
        JSON_APPENDER.start();
        root.addAppender(JSON_APPENDER);
        ServerSettings s = new ServerSettings(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), 4096,
                Duration.ofMinutes(10), Duration.ofSeconds(2));
        running = ServerCommand.start(s, Clock.systemUTC());
        base = running.server().baseUrl();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        contract = new OpenApiContract(http.send(get("/v1/openapi.json").build(), HttpResponse.BodyHandlers.ofString()).body());
        ControlPlane cp = running.server().loop().plane();
        cp.putTier(new AccessTier(TIER, "Basic", Set.of(REGION), Set.of(CountryCode.of("DE")), 1000, 1L << 40, true,
                SubstitutionPolicy.STRICT, List.of()), "test");
        cp.putEgressPool(new EgressPool(EgressPoolId.of("eg-main"), ProviderId.of("static"), REGION, EgressKind.MAIN,
                Set.of(CountryCode.of("DE")), List.of(IpNetwork.parse("198.51.100.0/28")), 0.2, 0.8, true), "test");
        GatewayService.Provisioned p = cp.gateways().provision(GatewayId.of("gw-1"), "Gateway 1", REGION, ProviderId.of("static"), "test");
        gatewayToken = p.token();
        SECRETS.add(gatewayToken);
        SECRETS.add(Files.readString(dir.resolve("admin.token")).strip());
    }

    @AfterAll
    static void stop() {
        List<String> lines = LOGS.list.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("/v1/devices")), "the access log was collected");
        for (String secret : SECRETS) {
            String tail = secret.substring(Math.max(0, secret.length() - 24));
            assertTrue(lines.stream().noneMatch(l -> l.contains(tail)), "a secret reached the log");
        }
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(JSON_APPENDER);
        JSON_APPENDER.stop();
        List<String> json;
        synchronized (JSON_LOGS) {
            json = List.of(JSON_LOGS.toString(StandardCharsets.UTF_8).split("\n"));
        }
        boolean accessLine = false;
        for (String line : json) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError("a JSON log line that is not JSON: " + line, e);
            }
            if (event.path("logger_name").asText().equals("dev.damm.server.http.access") && event.path("route").asText().equals("/v1/catalogs/{region}/{tier}")) {
                accessLine = true;
                assertTrue(event.path("requestId").asText().length() > 0, line);
                assertTrue(event.path("status").isInt() && event.path("latencyMicros").isNumber() && event.has("method"), line);
            }
            assertFalse(line.contains("/v1/catalogs/eu-central/"), "a raw path with ids in a JSON log line: " + line);
        }
        assertTrue(accessLine, "JSON access lines carry the route template, request id, status and latency");
        for (String secret : SECRETS) {
            String tail = secret.substring(Math.max(0, secret.length() - 24));
            assertTrue(json.stream().noneMatch(l -> l.contains(tail)), "a secret reached the JSON log");
        }
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.damm")).setLevel(null);
        assertTrue(contract.checked.get() >= 30, "responses checked against the document: " + contract.checked.get());
        running.close();
        assertFalse(running.server().ready(), "readiness is false once shutdown began");
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        contract.check(r);
        return r;
    }

    static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    static JsonNode problem(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals(code, n.path("code").asText(), r.body());
        assertEquals(status, n.path("status").asInt());
        assertFalse(r.body().contains("at dev.damm"), "no stack trace");
        return n;
    }

    @Test
    void theContractCheckCatchesAnAnswerTheDocumentDoesNotDescribe() throws Exception {
        String doc = new String(ApiServer.OPENAPI, StandardCharsets.UTF_8);
        OpenApiContract wrong = new OpenApiContract(doc.replace("\"const\": \"ok\"", "\"const\": \"fine\""));
        HttpResponse<String> h = http.send(get("/healthz").build(), HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> wrong.check(h));
        OpenApiContract noStatus = new OpenApiContract(doc);
        HttpResponse<String> missing = http.send(get("/v1/roots/99").build(), HttpResponse.BodyHandlers.ofString());
        noStatus.check(missing); // a 404 problem is described by every operation's default response
        OpenApiContract strict = new OpenApiContract(doc.replace("\"minimum\": 400", "\"minimum\": 500"));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> strict.check(missing));
    }

    @Test
    void healthAndReadiness() throws Exception {
        HttpResponse<String> h = send(get("/healthz"));
        assertEquals(200, h.statusCode());
        HttpResponse<String> r = send(get("/readyz"));
        assertEquals(200, r.statusCode());
        assertTrue(JSON.readTree(r.body()).path("ready").asBoolean());
        assertTrue(running.server().ready());
    }

    @Test
    void firstStartWroteAnOwnerOnlyAdminToken() throws Exception {
        Path token = dir.resolve("admin.token");
        assertTrue(Files.exists(token));
        assertTrue(Files.readString(token).startsWith(AdminTokens.PREFIX));
        if (Files.getFileStore(token).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        }
    }

    @Test
    void requestIdIsHonouredOrMade() throws Exception {
        HttpResponse<String> a = send(get("/healthz").header("X-Request-Id", "abc-123"));
        assertEquals("abc-123", a.headers().firstValue("X-Request-Id").orElse(null));
        HttpResponse<String> b = send(get("/healthz").header("X-Request-Id", "bad id\u00e9"));
        String made = b.headers().firstValue("X-Request-Id").orElse("");
        assertFalse(made.isEmpty());
        assertFalse(made.contains(" "));
    }

    @Test
    void unknownRouteAndWrongMethodAreProblems() throws Exception {
        problem(send(get("/v1/nothing-here")), 404, "not_found");
        problem(send(get("/v1/devices")), 405, "invalid_argument");
        problem(send(get("/v1/roots/../../etc/passwd")), 404, "not_found");
    }

    @Test
    void badBodiesAreTypedRefusals() throws Exception {
        JsonNode ct = problem(send(HttpRequest.newBuilder(URI.create(base + "/v1/devices"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, "malformed_input");
        assertEquals("Content-Type", ct.path("field").asText());
        JsonNode big = problem(send(post("/v1/devices", "{\"installPass\":\"" + "x".repeat(5000) + "\"}")), 413, "payload_too_large");
        assertEquals("body", big.path("field").asText());
        problem(send(post("/v1/devices", "{\"installPass\": ")), 400, "malformed_input");
        JsonNode wrongType = problem(send(post("/v1/devices", "{\"installPass\": 12, \"publicKey\": \"k\"}")), 400, "malformed_input");
        assertEquals("installPass", wrongType.path("field").asText(), wrongType.toString());
        JsonNode unknown = problem(send(post("/v1/devices", "{\"installPass\": \"p\", \"bogus\": 1}")), 400, "malformed_input");
        assertNotNull(unknown.path("field").asText(null), unknown.toString());
        JsonNode missing = problem(send(post("/v1/devices", "{\"publicKey\": \"k\"}")), 400, "invalid_argument");
        assertEquals("installPass", missing.path("field").asText());
        String key = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        problem(send(post("/v1/devices", "{\"installPass\": \"dp_nope\", \"publicKey\": \"" + key + "\"}")), 403, "install_pass_invalid");
        problem(send(post("/v1/devices", "{\"installPass\": \"p\", \"publicKey\": \"PrivateKey = abc\"}")), 400, "private_key_refused");
        problem(send(post("/v1/gateways/heartbeat", "{\"load\": 0.1}")), 401, "unauthenticated");
        problem(send(post("/v1/gateways/heartbeat", "{\"load\": 0.1}").header("Authorization", "Bearer dg_forged")), 401, "unauthenticated");
        problem(send(get("/v1/catalogs/eu-central/NOPE")), 400, "invalid_argument");
        problem(send(get("/v1/catalogs/xx-nowhere/basic")), 404, "not_found");
        problem(send(get("/v1/roots/abc")), 400, "invalid_argument");
        problem(send(get("/v1/roots/99")), 404, "not_found");
        assertEquals(200, send(get("/readyz")).statusCode(), "still ready after bad input");
    }

    @Test
    void gatewayRegistersHeartbeatsThenADeviceEnrollsAndTheCatalogIsServed() throws Exception {
        String gwKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        String tokenAuth = "Bearer " + gatewayToken;
        // A heartbeat before registration is its own refusal.
        problem(send(post("/v1/gateways/heartbeat", "{\"load\": 0.1}").header("Authorization", tokenAuth)), 409, "gateway_not_registered");
        String registration = "{\"publicKey\":\"" + gwKey + "\",\"frontDoors\":["
                + "{\"id\":\"gw-1-t0\",\"endpoint\":\"203.0.113.10:51820\",\"transport\":\"T0\",\"priority\":10}]}";
        HttpResponse<String> reg = send(post("/v1/gateways/register", registration).header("Authorization", tokenAuth));
        assertEquals(200, reg.statusCode(), reg.body());
        assertEquals("no-store", reg.headers().firstValue("Cache-Control").orElse(""), "the credential is shown once");
        assertEquals("active", JSON.readTree(reg.body()).path("status").asText());
        String credential = JSON.readTree(reg.body()).path("credential").asText();
        assertTrue(credential.startsWith("dgc_"), "a gateway credential, distinct from the dg_ token");
        SECRETS.add(credential);
        String auth = "Bearer " + credential;
        // The registration token is spent: replaying it, or using it for anything else, is refused.
        JsonNode replay = problem(send(post("/v1/gateways/register", registration).header("Authorization", tokenAuth)), 401, "unauthenticated");
        assertTrue(replay.path("detail").asText().contains("already used"), replay.toString());
        assertEquals("registrationToken", replay.path("field").asText());
        problem(send(post("/v1/gateways/heartbeat", "{\"load\": 0.1}").header("Authorization", tokenAuth)), 401, "unauthenticated");
        problem(send(get("/v1/gateways/admission").header("Authorization", tokenAuth)), 401, "unauthenticated");
        HttpResponse<String> hb = send(post("/v1/gateways/heartbeat", "{\"load\": 0.2, \"activePeers\": 0}").header("Authorization", auth));
        assertEquals(200, hb.statusCode(), hb.body());
        // Re-registering with the credential (same key and door here) keeps the credential and shows none.
        HttpResponse<String> reregistered = send(post("/v1/gateways/register", registration).header("Authorization", auth));
        assertEquals(200, reregistered.statusCode(), reregistered.body());
        assertFalse(JSON.readTree(reregistered.body()).has("credential"), reregistered.body());

        MintedPass pass = running.server().loop().plane().passes().mint(TIER, Duration.ofMinutes(5), "test", "127.0.0.1");
        SECRETS.add(pass.secret());
        String devKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        HttpResponse<String> en = send(post("/v1/devices", "{\"installPass\":\"" + pass.secret() + "\",\"publicKey\":\"" + devKey
                + "\",\"name\":\"laptop\",\"region\":\"eu-central\"}"));
        assertEquals(201, en.statusCode(), en.body());
        JsonNode e = JSON.readTree(en.body());
        assertTrue(e.path("credential").asText().length() > 10);
        SECRETS.add(e.path("credential").asText());
        assertEquals(gwKey, e.path("peer").path("gatewayPublicKey").asText());
        assertEquals("203.0.113.10:51820", e.path("peer").path("frontDoor").path("endpoint").asText());
        assertEquals(1, e.path("trustAnchor").path("rootVersion").asLong());
        assertTrue(e.path("explanation").size() > 0);
        // The pass is used up: replaying it is refused and nothing new is stored.
        long devices = running.store().inTransaction(tx -> tx.devices().count());
        problem(send(post("/v1/devices", "{\"installPass\":\"" + pass.secret() + "\",\"publicKey\":\"" + devKey + "\"}")), 403, "install_pass_invalid");
        long after = running.store().inTransaction(tx -> tx.devices().count());
        assertEquals(devices, after);

        HttpResponse<String> cat = send(get("/v1/catalogs/eu-central/basic"));
        assertEquals(200, cat.statusCode(), cat.body());
        String etag = cat.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), "a strong validator");
        String cc = cat.headers().firstValue("Cache-Control").orElseThrow();
        assertTrue(cc.matches("public, max-age=\\d+"), cc);
        assertTrue(Long.parseLong(cc.replaceAll("\\D", "")) > 0 && Long.parseLong(cc.replaceAll("\\D", "")) <= 3600, cc);
        HttpResponse<String> again = send(get("/v1/catalogs/eu-central/basic").header("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        HttpResponse<String> other = send(get("/v1/catalogs/eu-central/basic").header("If-None-Match", "\"something-else\""));
        assertEquals(200, other.statusCode());
        assertEquals(cat.body(), other.body(), "the same precomputed bytes");
        // Those two were answered by the fast path (a fresh cached catalog, before the servlet layer): the same
        // headers as the routed answer, the client's request id honoured, and counted under the route's template.
        assertEquals(cat.headers().firstValue("Content-Type"), other.headers().firstValue("Content-Type"));
        assertEquals(Optional.of(etag), other.headers().firstValue("ETag"));
        assertTrue(other.headers().firstValue("Cache-Control").orElseThrow().matches("public, max-age=\\d+"));
        HttpResponse<String> named = send(get("/v1/catalogs/eu-central/basic").header("X-Request-Id", "fast-path-1"));
        assertEquals(Optional.of("fast-path-1"), named.headers().firstValue("X-Request-Id"));
        assertTrue(send(get("/v1/catalogs/eu-central/basic").header("X-Request-Id", "bad id!")).headers().firstValue("X-Request-Id")
                .orElseThrow().matches("[0-9a-f-]{36}"), "a malformed request id is replaced");
        // What the fast path does not answer goes on to the routes: extra segments, encoded slashes, other methods.
        problem(send(get("/v1/catalogs/eu-central/basic/extra")), 404, "not_found");
        problem(send(get("/v1/catalogs/eu-central%2Fbasic/x")), 400, "invalid_argument");
        assertEquals(405, send(get("/v1/catalogs/eu-central/basic").method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode());
        assertTrue(send(get("/metrics")).body().contains("damm_http_requests_seconds_count{method=\"GET\",route=\"/v1/catalogs/{region}/{tier}\",status=\"304\"}"),
                "fast-path answers are counted under the route's template");

        HttpResponse<String> root = send(get("/v1/roots/1"));
        assertEquals(200, root.statusCode());
        assertEquals(new String(e.path("trustAnchor").path("signedRoot").binaryValue(), StandardCharsets.UTF_8), root.body(),
                "the root the device was given is the one served");
        assertEquals(304, send(get("/v1/roots/1").header("If-None-Match", root.headers().firstValue("ETag").orElseThrow())).statusCode());

        HttpResponse<String> adm = send(get("/v1/gateways/admission").header("Authorization", auth));
        assertEquals(200, adm.statusCode(), adm.body());
        assertTrue(JSON.readTree(adm.body()).has("payload"), adm.body());
        String first = adm.headers().firstValue("X-Damm-Admission").orElseThrow();
        assertTrue(first.startsWith("full; serial="), first);
        long held = Long.parseLong(first.substring("full; serial=".length()));
        // Holding the newest set: nothing to send, and polling does not make new serials.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> same = send(get("/v1/gateways/admission?since=" + held).header("Authorization", auth));
            assertEquals(304, same.statusCode(), same.body());
            assertEquals("up-to-date; serial=" + held, same.headers().firstValue("X-Damm-Admission").orElseThrow());
        }
        assertTrue(running.server().loop().refreshAdmissions().isEmpty(), "unchanged peers keep their serial");
        problem(send(get("/v1/gateways/admission?since=-1").header("Authorization", auth)), 400, "invalid_argument");
        // A second device enrolls; the loop's schedule publishes one new set and the poll gets a delta from the held serial.
        MintedPass pass2 = running.server().loop().plane().passes().mint(TIER, Duration.ofMinutes(5), "test", "127.0.0.1");
        SECRETS.add(pass2.secret());
        HttpResponse<String> en2 = send(post("/v1/devices", "{\"installPass\":\"" + pass2.secret() + "\",\"publicKey\":\""
                + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\",\"name\":\"phone\",\"region\":\"eu-central\"}"));
        assertEquals(201, en2.statusCode(), en2.body());
        SECRETS.add(JSON.readTree(en2.body()).path("credential").asText());
        assertEquals(1, running.server().loop().refreshAdmissions().size(), "one gateway, one new set");
        HttpResponse<String> delta = send(get("/v1/gateways/admission?since=" + held).header("Authorization", auth));
        assertEquals(200, delta.statusCode(), delta.body());
        assertEquals("delta; base=" + held + "; serial=" + (held + 1), delta.headers().firstValue("X-Damm-Admission").orElseThrow());
        assertEquals(AdmissionPublisher.DELTA_PAYLOAD_TYPE, JSON.readTree(delta.body()).path("payloadType").asText());
        assertTrue(delta.body().length() < adm.body().length() * 3, "a one-device change, not the region");

        String pathId = running.server().loop().paths().get(0).key().toString();
        HttpResponse<String> rep = send(post("/v1/reports", "{\"reports\":[{\"pathId\":\"" + pathId + "\",\"succeeded\":true,\"rttMillis\":40},"
                + "{\"pathId\":\"gw-x/fd-x/eg-x\",\"succeeded\":false}]}"));
        assertEquals(202, rep.statusCode(), rep.body());
        assertEquals(1, JSON.readTree(rep.body()).path("accepted").asInt(), rep.body());
        assertEquals(1, JSON.readTree(rep.body()).path("unknownPaths").asInt(), rep.body());
        // The report waits in the store's queue until the loop's leaseholder ticks; then it is in the book, once.
        assertEquals(1L, queued());
        assertEquals(0L, clientReports(running.server().loop()));
        new dev.damm.server.jobs.LoopTickJob(running.server().loop(), Duration.ofSeconds(1), p -> { }).run();
        assertEquals(0L, queued());
        assertEquals(1L, clientReports(running.server().loop()));
        HttpResponse<String> metrics = send(get("/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("damm_enrollments_total{outcome=\"enrolled\"}"), metrics.body());
        assertTrue(metrics.body().contains("damm_enrollments_total{outcome=\"install_pass_invalid\"}"), metrics.body());
        assertTrue(metrics.body().contains("damm_http_requests_seconds_bucket"), "latency histograms");
        assertTrue(metrics.body().contains("route=\"/v1/catalogs/{region}/{tier}\""), "routes are templates, not ids");
        assertTrue(metrics.body().contains("damm_catalog_publications_total"), metrics.body());
        assertFalse(metrics.body().contains(pass.secret()), "no pass in the metrics");
        JsonNode badReport = problem(send(post("/v1/reports", "{\"reports\":[{\"pathId\":\"a/b\",\"succeeded\":true}]}")), 400, "invalid_argument");
        assertEquals("reports[0].pathId", badReport.path("field").asText());

        // Usage over HTTP with the gateway credential: applied once per report id.
        String usage = "{\"reportId\":\"r-1\",\"peers\":[{\"publicKey\":\"" + devKey + "\",\"rxBytes\":1000,\"txBytes\":2000},"
                + "{\"publicKey\":\"" + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\",\"rxBytes\":1,\"txBytes\":1}]}";
        HttpResponse<String> used = send(post("/v1/gateways/usage", usage).header("Authorization", auth));
        assertEquals(202, used.statusCode(), used.body());
        JsonNode u = JSON.readTree(used.body());
        assertFalse(u.path("duplicate").asBoolean());
        assertEquals(1, u.path("devicesUpdated").asInt(), used.body());
        assertEquals(1, u.path("unknownPeers").asInt(), used.body());
        String deviceId = e.path("deviceId").asText();
        assertEquals(3000, running.store().inTransaction(tx -> tx.devices().find(dev.damm.core.model.DeviceId.of(deviceId))).orElseThrow().totalBytes());
        HttpResponse<String> resent = send(post("/v1/gateways/usage", usage).header("Authorization", auth));
        assertEquals(202, resent.statusCode(), resent.body());
        assertTrue(JSON.readTree(resent.body()).path("duplicate").asBoolean(), "a resend counts nothing");
        assertEquals(3000, running.store().inTransaction(tx -> tx.devices().find(dev.damm.core.model.DeviceId.of(deviceId))).orElseThrow().totalBytes());
        problem(send(post("/v1/gateways/usage", usage).header("Authorization", tokenAuth)), 401, "unauthenticated");
        JsonNode negative = problem(send(post("/v1/gateways/usage", "{\"reportId\":\"r-2\",\"peers\":[{\"publicKey\":\"" + devKey
                + "\",\"rxBytes\":-1,\"txBytes\":0}]}").header("Authorization", auth)), 400, "invalid_argument");
        assertEquals("peers[0].rxBytes", negative.path("field").asText());
        JsonNode badId = problem(send(post("/v1/gateways/usage", "{\"reportId\":\"../x\",\"peers\":[]}").header("Authorization", auth)), 400, "invalid_argument");
        assertEquals("reportId", badId.path("field").asText());

        // The device re-issues its config and rotates its key with its credential.
        String devAuth = "Bearer " + e.path("credential").asText();
        HttpResponse<String> conf = send(get("/v1/devices/self/config").header("Authorization", devAuth));
        assertEquals(200, conf.statusCode(), conf.body());
        assertEquals("no-store", conf.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(e.path("peer"), JSON.readTree(conf.body()).path("peer"), "the same assignment as at enrollment");
        assertEquals(devKey, JSON.readTree(conf.body()).path("publicKey").asText());
        problem(send(get("/v1/devices/self/config").header("Authorization", auth)), 401, "unauthenticated");
        String newKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        HttpResponse<String> rotated = send(post("/v1/devices/self/key", "{\"publicKey\":\"" + newKey + "\"}").header("Authorization", devAuth));
        assertEquals(200, rotated.statusCode(), rotated.body());
        assertEquals(newKey, JSON.readTree(rotated.body()).path("publicKey").asText());
        assertEquals(e.path("peer").path("tunnelAddresses"), JSON.readTree(rotated.body()).path("peer").path("tunnelAddresses"), "addresses stay");
        problem(send(post("/v1/devices/self/key", "{\"publicKey\":\"" + newKey + "\"}").header("Authorization", devAuth)), 400, "invalid_argument");
        problem(send(post("/v1/devices/self/key", "{\"publicKey\":\"PrivateKey = abc\"}").header("Authorization", devAuth)), 400, "private_key_refused");
        ControlPlane cp = running.server().loop().plane();
        cp.devices().suspend(dev.damm.core.model.DeviceId.of(deviceId), "test");
        problem(send(get("/v1/devices/self/config").header("Authorization", devAuth)), 403, "device_suspended");
        problem(send(post("/v1/devices/self/key", "{\"publicKey\":\"" + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\"}")
                .header("Authorization", devAuth)), 403, "device_suspended");
        cp.devices().revoke(dev.damm.core.model.DeviceId.of(deviceId), "test");
        problem(send(get("/v1/devices/self/config").header("Authorization", devAuth)), 403, "device_revoked");
    }

    static HttpRequest.Builder admin(HttpRequest.Builder b) throws Exception {
        return b.header("Authorization", "Bearer " + Files.readString(dir.resolve("admin.token")).strip());
    }

    /** Registers gw-{@code n} (in a region no tier places devices in) with {@code token}; answers the response. */
    static HttpResponse<String> registerElsewhere(String token, String door) throws Exception {
        String key = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        return send(post("/v1/gateways/register", "{\"publicKey\":\"" + key + "\",\"frontDoors\":[{\"id\":\"" + door
                + "\",\"endpoint\":\"203.0.113.20:51820\",\"transport\":\"T0\"}]}").header("Authorization", "Bearer " + token));
    }

    @Test
    void aReissuedTokenReplacesTheCredentialOfTheSameGateway() throws Exception {
        HttpResponse<String> made = send(admin(post("/v1/admin/gateways", "{\"id\":\"gw-us-1\",\"region\":\"us-east\",\"provider\":\"static\",\"ttlSeconds\":600}")));
        assertEquals(201, made.statusCode(), made.body());
        JsonNode m = JSON.readTree(made.body());
        SECRETS.add(m.path("token").asText());
        long ttl = Duration.between(java.time.Instant.now(), java.time.Instant.parse(m.path("expiresAt").asText())).toSeconds();
        assertTrue(ttl > 500 && ttl <= 600, "the token lives as long as asked: " + ttl);
        HttpResponse<String> first = registerElsewhere(m.path("token").asText(), "gw-us-1-t0");
        assertEquals(200, first.statusCode(), first.body());
        String oldCredential = JSON.readTree(first.body()).path("credential").asText();
        SECRETS.add(oldCredential);

        HttpResponse<String> re = send(admin(post("/v1/admin/gateways/gw-us-1/token", "{}")));
        assertEquals(201, re.statusCode(), re.body());
        assertEquals("no-store", re.headers().firstValue("Cache-Control").orElse(""));
        String token = JSON.readTree(re.body()).path("token").asText();
        SECRETS.add(token);
        int gateways = running.store().inTransaction(tx -> tx.gateways().list()).size();
        HttpResponse<String> second = registerElsewhere(token, "gw-us-1-t0");
        assertEquals(200, second.statusCode(), second.body());
        JsonNode s = JSON.readTree(second.body());
        assertEquals("gw-us-1", s.path("gatewayId").asText(), "the same gateway");
        String newCredential = s.path("credential").asText();
        SECRETS.add(newCredential);
        assertFalse(newCredential.equals(oldCredential));
        assertEquals(gateways, running.store().inTransaction(tx -> tx.gateways().list()).size(), "never a second gateway");
        problem(send(post("/v1/gateways/heartbeat", "{\"load\": 0.1}").header("Authorization", "Bearer " + oldCredential)), 401, "unauthenticated");
        assertEquals(200, send(post("/v1/gateways/heartbeat", "{\"load\": 0.1}").header("Authorization", "Bearer " + newCredential)).statusCode());
        problem(send(admin(post("/v1/admin/gateways/gw-none/token", "{}"))), 404, "not_found");
        JsonNode range = problem(send(admin(post("/v1/admin/gateways/gw-us-1/token", "{\"ttlSeconds\":5}"))), 400, "invalid_argument");
        assertEquals("ttlSeconds", range.path("field").asText());
        List<String> actions = running.store().inTransaction(tx -> tx.audit().listByTarget("gateway:gw-us-1", 20)).stream()
                .map(dev.damm.core.store.AuditEvent::action).toList();
        assertTrue(actions.containsAll(List.of("gateway.provision", "gateway.token.issue", "gateway.register")), actions.toString());
    }

    @Test
    void anExpiredRegistrationTokenIsRefusedAndChangesNothing() throws Exception {
        ControlPlane cp = running.server().loop().plane();
        GatewayService.Provisioned p = cp.gateways().provision(GatewayId.of("gw-us-2"), "Gateway us 2", RegionCode.of("us-east"),
                ProviderId.of("static"), Duration.ofMinutes(1), "test");
        SECRETS.add(p.token());
        // Make the token's lifetime lie in the past, as if the operator handed it over too late.
        running.store().inTransaction(tx -> {
            tx.gateways().update(tx.gateways().find(p.gateway().id()).orElseThrow().toBuilder()
                    .tokenExpiresAt(java.time.Instant.now().minusSeconds(1)).build());
            return null;
        });
        String before = HostileInputTest.fingerprint(running.store());
        JsonNode expired = problem(registerElsewhere(p.token(), "gw-us-2-t0"), 401, "unauthenticated");
        assertTrue(expired.path("detail").asText().contains("expired"), expired.toString());
        assertEquals(before, HostileInputTest.fingerprint(running.store()));
    }

    private static long clientReports(dev.damm.core.loop.ControlLoop loop) {
        return loop.vitalSigns(java.time.Instant.EPOCH).success().stream().mapToLong(dev.damm.core.loop.VitalSigns.Success::clientReports).sum();
    }

    private static long queued() {
        Long n = running.store().inTransaction(tx -> tx.reportQueue().size());
        return n;
    }
}
