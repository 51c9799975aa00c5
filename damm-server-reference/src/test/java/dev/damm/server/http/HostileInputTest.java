package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.ControlPlane;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.model.GatewayId;
import dev.damm.core.store.DammStore;
import dev.damm.server.cli.ServerCommand;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of crafted bad requests across the operations: each gets a typed 4xx problem with its
 * code, never a 5xx; the server stays ready and nothing stored changes.
 */
class HostileInputTest {
    static final ObjectMapper JSON = new ObjectMapper();

    record Bad(String method, String path, String auth, String contentType, String body) {}

    static String fingerprint(DammStore store) {
        return store.inTransaction(tx -> tx.devices().count() + "|" + tx.gateways().list() + "|" + credentials(tx.gateways().list()) + "|"
                + devices(tx) + "|" + tx.accessTiers().list() + "|"
                + tx.egressPools().list() + "|" + tx.audit().list(0, 100_000).size() + "|" + tx.adminTokens().list());
    }

    /** What a gateway's toString leaves out on purpose: which token and credential it holds, and their state. */
    private static String credentials(List<dev.damm.core.model.Gateway> gateways) {
        StringBuilder b = new StringBuilder();
        for (dev.damm.core.model.Gateway g : gateways) {
            b.append(g.id()).append(':').append(java.util.HexFormat.of().formatHex(g.tokenHash())).append(',').append(g.tokenExpiresAt())
                    .append(',').append(g.tokenSpentAt()).append(',').append(g.credentialHash().map(java.util.HexFormat.of()::formatHex))
                    .append(',').append(g.publicKey()).append(',').append(g.lastHeartbeatAt()).append(';');
        }
        return b.toString();
    }

    /** Every device's key, state and usage, which the device and usage routes could change. */
    private static String devices(dev.damm.core.store.StoreTransaction tx) {
        StringBuilder b = new StringBuilder();
        for (dev.damm.core.model.Gateway g : tx.gateways().list()) {
            for (dev.damm.core.model.DeviceState s : dev.damm.core.model.DeviceState.values()) {
                for (dev.damm.core.model.Device d : tx.devices().listByGateway(g.id(), s)) {
                    b.append(d.id()).append(':').append(d.publicKey()).append(',').append(d.state()).append(',').append(d.rxBytes())
                            .append(',').append(d.txBytes()).append(';');
                }
            }
        }
        return b.toString();
    }

    /** Bodies for the usage route that look almost right: each breaks one rule. */
    static List<String> badUsage(String key) {
        String peer = "{\"publicKey\":\"" + key + "\",\"rxBytes\":1,\"txBytes\":1}";
        List<String> b = new ArrayList<>();
        for (String counters : List.of("\"rxBytes\":-1,\"txBytes\":0", "\"rxBytes\":0,\"txBytes\":-9223372036854775808",
                "\"rxBytes\":99999999999999999999,\"txBytes\":0", "\"rxBytes\":1e30,\"txBytes\":0", "\"rxBytes\":1.5,\"txBytes\":0",
                "\"rxBytes\":\"1\",\"txBytes\":0", "\"rxBytes\":NaN,\"txBytes\":0", "\"rxBytes\":null,\"txBytes\":0", "\"txBytes\":0",
                "\"rxBytes\":0", "\"rxBytes\":true,\"txBytes\":0", "\"rxBytes\":[1],\"txBytes\":0", "\"rxBytes\":0,\"txBytes\":0,\"extra\":1")) {
            b.add("{\"reportId\":\"r-1\",\"peers\":[{\"publicKey\":\"" + key + "\"," + counters + "}]}");
        }
        for (String id : List.of("", "../x", "a b", "x".repeat(65), "\u202e", "r\u0000", "r/1")) {
            b.add("{\"reportId\":\"" + id + "\",\"peers\":[" + peer + "]}");
        }
        b.add("{\"reportId\":1,\"peers\":[" + peer + "]}");
        b.add("{\"peers\":[" + peer + "]}");
        b.add("{\"reportId\":\"r-1\"}");
        b.add("{\"reportId\":\"r-1\",\"peers\":null}");
        b.add("{\"reportId\":\"r-1\",\"peers\":[null]}");
        b.add("{\"reportId\":\"r-1\",\"peers\":{}}");
        b.add("{\"reportId\":\"r-1\",\"peers\":[" + peer + "," + peer + "]}");
        b.add("{\"reportId\":\"r-1\",\"peers\":[" + (peer + ",").repeat(1000) + peer + "]}");
        b.add("{\"reportId\":\"r-1\",\"peers\":[{\"publicKey\":\"PrivateKey = abc\",\"rxBytes\":1,\"txBytes\":1}]}");
        b.add("{\"reportId\":\"r-1\",\"peers\":[{\"publicKey\":\"not-base64!\",\"rxBytes\":1,\"txBytes\":1}]}");
        b.add("{\"reportId\":\"r-1\",\"peers\":[{\"rxBytes\":1,\"txBytes\":1}]}");
        b.add("{\"reportId\":\"r-1\",\"peers\":[" + peer + "],\"extra\":true}");
        return b;
    }

    static List<String> badBodies() {
        List<String> b = new ArrayList<>(List.of("", "null", "[]", "[{}]", "\"text\"", "42", "true", "{", "{\"a\":", "{\"a\" 1}", "{'a':1}",
                "{\"installPass\":}", "{,}", "{\"a\":1,}", "\u0000", "{\"a\":\"\\ud800\"}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}",
                "{\"a\":1e999999}", "{\"a\":" + "9".repeat(400) + "}", "{\"a\":0x10}", "{\"a\":01}", "{\"a\":\"\u202e\u0000\"}",
                "{\"publicKey\":\"k\",\"publicKey\":\"k2\"}", "{\"x\":1,\"x\":2}", "\ufeff{}", "{} {}", "{}garbage", "/* c */ {}",
                "[" .repeat(5000) + "]".repeat(5000), "{\"a\":" .repeat(2000) + "1" + "}".repeat(2000), "{\"" + "k".repeat(5000) + "\":1}"));
        b.add("{\"installPass\":\"" + "p".repeat(70_000) + "\"}"); // over the body limit
        b.add("{\"reports\":[" + "{\"pathId\":\"a/b/c\",\"succeeded\":true},".repeat(150) + "{\"pathId\":\"a/b/c\",\"succeeded\":true}]}");
        b.add("{\"load\":\"high\"}");
        b.add("{\"load\":-1}");
        b.add("{\"load\":1e308,\"activePeers\":-5}");
        b.add("{\"activePeers\":99999999999}");
        b.add("{\"tier\":\"../../etc\",\"count\":1}");
        b.add("{\"tier\":\"basic\",\"count\":0}");
        b.add("{\"tier\":\"basic\",\"ttlSeconds\":-1}");
        b.add("{\"id\":\"gw-x\",\"region\":\"<script>\",\"provider\":\"static\"}");
        b.add("{\"regions\":[\"eu-central\\u0000\"]}");
        b.add("{\"regions\":[]}");
        b.add("{\"region\":\"eu-central\",\"provider\":\"static\",\"ips\":[\"300.1.1.1/33\"]}");
        b.add("{\"publicKey\":\"PrivateKey = abc\",\"frontDoors\":[]}");
        b.add("{\"publicKey\":\"" + "A".repeat(43) + "=\",\"frontDoors\":[{\"id\":\"d\",\"endpoint\":\"nohost\",\"transport\":\"T9\"}]}");
        b.add("{\"installPass\":\"dp_x\",\"publicKey\":\"not-base64!\"}");
        b.add("{\"installPass\":\"dp_x\",\"publicKey\":\"" + "A".repeat(43) + "=\",\"region\":\"\u0435u-central\"}");
        b.add("{\"reports\":[{\"pathId\":\"../../x/y\",\"succeeded\":true}]}");
        b.add("{\"reports\":[{\"pathId\":\"a/b/c\",\"succeeded\":false,\"rttMillis\":3}]}");
        b.add("{\"reports\":[{\"pathId\":\"a/b/c\",\"succeeded\":true,\"rttMillis\":-3}]}");
        return b;
    }

    private static String pageCode(HttpClient http, String base, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/page-links"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("url").asText().split("code=", 2)[1];
    }

    @Test
    void everyBadRequestIsATyped4xxAndChangesNothing(@TempDir Path dir) throws Exception {
        try (ServerCommand.Running running = ServerCommand.start(new ServerSettings(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(),
                ServerSettings.DEFAULT_MAX_BODY_BYTES, Duration.ofMinutes(10), Duration.ofSeconds(2)), Clock.systemUTC())) {
            String base = running.server().baseUrl();
            ControlPlane cp = running.server().loop().plane();
            String gw = cp.gateways().provision(GatewayId.of("gw-h"), "Hostile", RegionCode.of("eu-central"), ProviderId.of("static"), "test").token();
            // A registered gateway (its spent token and its credential), a gateway whose token expired, and an enrolled device.
            RegionCode eu = RegionCode.of("eu-central");
            cp.putTier(new dev.damm.core.model.AccessTier(dev.damm.core.model.AccessTierId.of("basic"), "Basic", java.util.Set.of(eu),
                    java.util.Set.of(dev.damm.spi.net.CountryCode.of("DE")), 100, 0, true, dev.damm.core.model.SubstitutionPolicy.STRICT, List.of()), "test");
            cp.putEgressPool(new dev.damm.core.model.EgressPool(dev.damm.core.model.EgressPoolId.of("eg-h"), ProviderId.of("static"), eu,
                    dev.damm.core.model.EgressKind.MAIN, java.util.Set.of(dev.damm.spi.net.CountryCode.of("DE")),
                    List.of(dev.damm.spi.net.IpNetwork.parse("198.51.100.0/28")), 0.2, 0.8, true), "test");
            String spent = cp.gateways().provision(GatewayId.of("gw-r"), "Registered", eu, ProviderId.of("static"), "test").token();
            String gwKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
            String registration = "{\"publicKey\":\"" + gwKey + "\",\"frontDoors\":[{\"id\":\"gw-r-t0\",\"endpoint\":\"203.0.113.30:51820\",\"transport\":\"T0\"}]}";
            String credential = running.server().loop().register(spent, new dev.damm.core.gateway.GatewayRegistration(
                    dev.damm.spi.wireguard.WireGuardKey.parse("publicKey", gwKey), List.of(new dev.damm.core.gateway.GatewayRegistration.DeclaredFrontDoor(
                            "gw-r-t0", dev.damm.spi.net.Endpoint.parse("203.0.113.30:51820"), dev.damm.spi.transport.TransportTier.T0, 0, java.util.Map.of()))))
                    .credential().orElseThrow();
            String expired = cp.gateways().provision(GatewayId.of("gw-e"), "Expired", eu, ProviderId.of("static"), "test").token();
            running.store().inTransaction(tx -> {
                tx.gateways().update(tx.gateways().find(GatewayId.of("gw-e")).orElseThrow().toBuilder()
                        .tokenExpiresAt(java.time.Instant.now().minusSeconds(1)).build());
                return null;
            });
            String deviceKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
            String device = cp.enrollment().enroll(new dev.damm.core.enroll.EnrollmentRequest(
                    cp.passes().mint(dev.damm.core.model.AccessTierId.of("basic"), Duration.ofMinutes(5), "test", "127.0.0.1").secret(), deviceKey,
                    Optional.empty(), Optional.of(eu), Optional.empty(), false, "127.0.0.1")).credential();
            String admin = Files.readString(dir.resolve("admin.token")).strip();
            String reader = AdminTokens.issue(running.store(), new SecureRandom(), Clock.systemUTC(), "operator-read", "test").text();
            OpenApiContract contract = new OpenApiContract(new String(ApiServer.OPENAPI, StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            // A page link spent before the fingerprint, and one not spent: its code is still no API token.
            String spentCode = pageCode(http, base, reader);
            assertEquals(303, http.send(HttpRequest.newBuilder(URI.create(base + "/ops/login?code=" + spentCode)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            String unspent = pageCode(http, base, reader);
            String before = fingerprint(running.store());

            List<Bad> cases = new ArrayList<>();
            List<String[]> writes = List.of(new String[] {"POST", "/v1/devices", null}, new String[] {"POST", "/v1/gateways/register", gw},
                    new String[] {"POST", "/v1/gateways/heartbeat", gw}, new String[] {"POST", "/v1/reports", null},
                    new String[] {"PUT", "/v1/admin/tiers/basic", admin}, new String[] {"PUT", "/v1/admin/egress/eg-h", admin},
                    new String[] {"POST", "/v1/admin/passes", admin}, new String[] {"POST", "/v1/admin/gateways", admin},
                    new String[] {"POST", "/v1/gateways/usage", credential}, new String[] {"POST", "/v1/devices/self/key", device},
                    new String[] {"POST", "/v1/admin/gateways/gw-r/token", admin});
            for (String[] w : writes) {
                for (String body : badBodies()) {
                    if (w[1].endsWith("/token") && body.equals("\ufeff{}")) {
                        continue; // every field of a token request is optional: an empty object behind a byte-order mark is a fine request
                    }
                    cases.add(new Bad(w[0], w[1], w[2], "application/json", body));
                }
                cases.add(new Bad(w[0], w[1], w[2], "text/plain", "{}"));
                cases.add(new Bad(w[0], w[1], w[2], null, "{}"));
                cases.add(new Bad(w[0], w[1], w[2], "application/x-www-form-urlencoded", "a=b"));
            }
            // Forged, wrong-scope and missing tokens on every authenticated write.
            for (String[] w : writes) {
                if (w[2] == null) {
                    continue;
                }
                for (String token : List.of("", "dg_forged", "da_forged.x", "da_" + admin.substring(3, admin.indexOf('.')) + ".wrong", "Basic abc",
                        w[1].startsWith("/v1/admin") ? reader : "da_x.y")) {
                    cases.add(new Bad(w[0], w[1], token.isEmpty() ? null : token, "application/json", "{}"));
                }
            }
            // Heartbeat before registration, with a body that would otherwise be accepted.
            cases.add(new Bad("POST", "/v1/gateways/heartbeat", gw, "application/json", "{\"load\":0.1}"));
            cases.add(new Bad("POST", "/v1/gateways/usage", gw, "application/json", "{\"reportId\":\"r-0\",\"peers\":[]}"));
            cases.add(new Bad("GET", "/v1/gateways/admission", gw, null, null));
            // Usage bodies that break one rule each, from the registered gateway.
            for (String body : badUsage(deviceKey)) {
                cases.add(new Bad("POST", "/v1/gateways/usage", credential, "application/json", body));
            }
            // A spent token replayed, an expired token, and every credential where another kind belongs, with bodies that would
            // otherwise be accepted.
            String usage = "{\"reportId\":\"r-9\",\"peers\":[{\"publicKey\":\"" + deviceKey + "\",\"rxBytes\":5,\"txBytes\":5}]}";
            String newKey = "{\"publicKey\":\"" + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\"}";
            for (String token : List.of(spent, expired, device, admin, "dgc_forged", "dgc_", "dg_", "dc_forged", credential + "x", spent.toUpperCase(java.util.Locale.ROOT))) {
                cases.add(new Bad("POST", "/v1/gateways/register", token, "application/json", registration));
                cases.add(new Bad("POST", "/v1/gateways/heartbeat", token, "application/json", "{\"load\":0.1}"));
                cases.add(new Bad("POST", "/v1/gateways/usage", token, "application/json", usage));
                cases.add(new Bad("GET", "/v1/gateways/admission", token, null, null));
            }
            for (String token : List.of(credential, spent, gw, admin, "dc_forged", "dc_", device + "x")) {
                cases.add(new Bad("POST", "/v1/devices/self/key", token, "application/json", newKey));
                cases.add(new Bad("GET", "/v1/devices/self/config", token, null, null));
            }
            cases.add(new Bad("GET", "/v1/devices/self/config", null, null, null));
            cases.add(new Bad("POST", "/v1/devices/self/key", device, "application/json", "{\"publicKey\":\"" + deviceKey + "\"}"));
            cases.add(new Bad("POST", "/v1/devices/self/key", device, "application/json", "{\"publicKey\":\"" + gwKey + "\"}"));
            for (String token : List.of(credential, device, reader)) {
                cases.add(new Bad("POST", "/v1/admin/gateways/gw-r/token", token, "application/json", "{}"));
            }
            for (String body : List.of("{\"ttlSeconds\":59}", "{\"ttlSeconds\":2592001}", "{\"ttlSeconds\":-1}", "{\"ttlSeconds\":1e99}",
                    "{\"ttlSeconds\":\"1h\"}", "{\"ttlSeconds\":99999999999999999999}")) {
                cases.add(new Bad("POST", "/v1/admin/gateways/gw-r/token", admin, "application/json", body));
                cases.add(new Bad("POST", "/v1/admin/gateways", admin, "application/json",
                        "{\"id\":\"gw-t\",\"region\":\"eu-central\",\"provider\":\"static\",\"ttlSeconds\":" + body.substring(14)));
            }
            for (String id : List.of("gw-none", "..", "%00", "x".repeat(300))) {
                cases.add(new Bad("POST", "/v1/admin/gateways/" + id + "/token", admin, "application/json", "{}"));
            }
            // Path traversal and odd ids in every path parameter.
            for (String id : List.of("..", "..%2F..%2Fetc%2Fpasswd", "%00", "a%20b", "%E2%80%AE", "x".repeat(300), "%3Cscript%3E", "A%2FB")) {
                cases.add(new Bad("GET", "/v1/catalogs/" + id + "/basic", null, null, null));
                cases.add(new Bad("GET", "/v1/catalogs/eu-central/" + id, null, null, null));
                cases.add(new Bad("GET", "/v1/roots/" + id, null, null, null));
                cases.add(new Bad("GET", "/v1/admin/devices/" + id, admin, null, null));
                cases.add(new Bad("POST", "/v1/admin/devices/" + id + "/revoke", admin, null, null));
                cases.add(new Bad("PUT", "/v1/admin/tiers/" + id, admin, "application/json", "{\"regions\":[\"eu-central\"]}"));
            }
            for (String q : List.of("after=-1", "after=abc", "limit=0", "limit=100000", "limit=1e3", "since=yesterday", "after=99999999999999999999")) {
                cases.add(new Bad("GET", "/v1/admin/audit?" + q, admin, null, null));
            }
            for (String m : List.of("DELETE", "PATCH", "PUT")) {
                cases.add(new Bad(m, "/v1/devices", null, "application/json", "{}"));
                cases.add(new Bad(m, "/healthz", null, null, null));
            }
            // Operator routes: forged, wrong-scope and page tokens; root versions that are not versions.
            for (String[] op : List.of(new String[] {"GET", "/v1/admin/report"}, new String[] {"POST", "/v1/admin/page-links"},
                    new String[] {"POST", "/v1/admin/keys/catalog"}, new String[] {"POST", "/v1/admin/keys/root"})) {
                List<String> tokens = new ArrayList<>(List.of("", "da_forged.x", "da_" + admin.substring(3, admin.indexOf('.')) + ".wrong",
                        "Basic abc", "dg_forged", spentCode, unspent, "da_" + "x".repeat(300) + ".y"));
                if (op[1].startsWith("/v1/admin/keys")) {
                    tokens.add(reader); // operator-read may not rotate keys
                }
                for (String token : tokens) {
                    cases.add(new Bad(op[0], op[1], token.isEmpty() ? null : token, null, null));
                }
            }
            for (String v : List.of("0", "-1", "2", "1e3", "01x", "99999999999999999999", "1.0", "..%2Fkeys%2Froot-1.key", "%2e%2e",
                    "root-1.json", "1%00", "%20" + "1")) {
                cases.add(new Bad("GET", "/v1/roots/" + v, null, null, null));
            }
            for (String m : List.of("DELETE", "PUT")) {
                cases.add(new Bad(m, "/v1/admin/report", admin, null, null));
                cases.add(new Bad(m, "/ops/report", null, null, null));
                cases.add(new Bad(m, "/v1/catalogs", null, null, null));
            }
            cases.add(new Bad("POST", "/ops/login?code=" + unspent, null, null, null));
            cases.add(new Bad("GET", "/ops/../v1/admin/report", null, null, null));
            cases.add(new Bad("GET", "/v1/nowhere", null, null, null));
            cases.add(new Bad("GET", "/v1/../etc/passwd", null, null, null));

            int sent = 0;
            for (Bad c : cases) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(20));
                if (c.auth() != null) {
                    b.header("Authorization", c.auth().startsWith("Basic ") ? c.auth() : "Bearer " + c.auth());
                }
                if (c.contentType() != null) {
                    b.header("Content-Type", c.contentType());
                }
                b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(c.body(), StandardCharsets.UTF_8));
                String what = c.method() + " " + c.path() + " body=" + (c.body() == null ? "-" : c.body().substring(0, Math.min(80, c.body().length())));
                HttpResponse<String> r;
                try {
                    r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (java.io.IOException stale) {
                    // A server may close a connection after refusing a request; the client can still pick
                    // that pooled connection for the next one and read nothing. Sent again on a connection
                    // of its own, the request must get its answer: a server that drops it fails here.
                    try {
                        r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                                .send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    } catch (java.io.IOException e) {
                        throw new AssertionError(what + " (" + (c.body() == null ? 0 : c.body().length()) + " chars): no answer: " + e, e);
                    }
                }
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, what + " -> " + r.statusCode() + " " + r.body());
                assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip(), what + " -> " + r.statusCode() + " " + r.body());
                JsonNode p = JSON.readTree(r.body());
                assertTrue(p.path("code").asText().matches("[a-z_]+"), what + " -> " + r.body());
                assertTrue(!r.body().contains("\tat ") && !r.body().contains("Exception"), what + ": no stack trace or exception name: " + r.body());
                contract.check(r);
                sent++;
            }
            // The pages: a spent, forged or missing code, a forged, swapped or missing session cookie.
            // Each answers 401 with the sign-in page (HTML, no script allowed) and stores nothing.
            List<String[]> pages = new ArrayList<>();
            for (String code : List.of("", spent, "da_forged.x", admin, reader, "da_" + "x".repeat(5000) + ".y", "%00", "%3Cscript%3E",
                    "da_" + admin.substring(3, admin.indexOf('.')) + ".wrong")) {
                pages.add(new String[] {"/ops/login" + (code.isEmpty() ? "" : "?code=" + code), null});
            }
            pages.add(new String[] {"/ops/login?code=" + spent + "&code=" + spent, null});
            for (String page : List.of("/ops/report", "/ops/permeability")) {
                for (String cookie : List.of("", "damm_ops=", "damm_ops=da_forged.x", "damm_ops=" + admin, "damm_ops=" + reader,
                        "damm_ops=" + unspent, "damm_ops=" + spentCode, "damm_ops=\"" + "x".repeat(2000) + "\"", "other=da_x.y",
                        "damm_ops=da_x.y; damm_ops=da_z.w")) {
                    pages.add(new String[] {page, cookie});
                }
            }
            for (String[] pg : pages) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pg[0])).timeout(Duration.ofSeconds(20));
                if (pg[1] != null && !pg[1].isEmpty()) {
                    b.header("Cookie", pg[1]);
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                String what = "GET " + pg[0].substring(0, Math.min(80, pg[0].length())) + " cookie=" + (pg[1] == null ? "-" : pg[1].substring(0, Math.min(40, pg[1].length())));
                assertEquals(401, r.statusCode(), what + " -> " + r.body());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), what);
                assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"), what);
                assertTrue(r.headers().firstValue("Set-Cookie").isEmpty(), what + ": no session for a refused sign-in");
                assertTrue(r.body().contains("Sign-in needed"), what);
                contract.check(r);
                sent++;
            }
            assertTrue(sent >= 300, "sent " + sent);
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(before, fingerprint(running.store()), "nothing stored changed");
            assertTrue(WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64().length() == 44);
        }
    }
}
