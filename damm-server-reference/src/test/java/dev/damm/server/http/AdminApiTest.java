package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.store.AdminToken;
import dev.damm.server.cli.ServerCommand;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over HTTP with the token the first start wrote: scopes, refusals and the audit trail. */
class AdminApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ServerCommand.Running running;
    static HttpClient http;
    static String base;
    static String admin;
    static OpenApiContract contract;

    @BeforeAll
    static void start() throws Exception {
        running = ServerCommand.start(new ServerSettings(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), 8192,
                Duration.ofMinutes(10), Duration.ofSeconds(2)), Clock.systemUTC());
        base = running.server().baseUrl();
        http = HttpClient.newHttpClient();
        admin = Files.readString(dir.resolve("admin.token")).strip();
        contract = new OpenApiContract(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    static HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        contract.check(r);
        return r;
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static void refused(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, JSON.readTree(r.body()).path("code").asText(), r.body());
    }

    @Test
    void tokensAreCheckedAndScoped() throws Exception {
        refused(call("GET", "/v1/admin/tiers", null, null), 401, "unauthenticated");
        refused(call("GET", "/v1/admin/tiers", "da_forged.secret", null), 401, "unauthenticated");
        String id = admin.substring(AdminTokens.PREFIX.length(), admin.indexOf('.'));
        refused(call("GET", "/v1/admin/tiers", AdminTokens.PREFIX + id + ".wrongsecret", null), 401, "unauthenticated");
        String reader = AdminTokens.issue(running.store(), new SecureRandom(), Clock.systemUTC(), AdminToken.SCOPE_OPERATOR_READ, "test").text();
        ok(call("GET", "/v1/admin/tiers", reader, null), 200);
        refused(call("PUT", "/v1/admin/tiers/gold", reader, "{\"regions\":[\"eu-central\"]}"), 403, "permission_denied");
        assertTrue(running.store().inTransaction(tx -> tx.accessTiers().list()).stream().noneMatch(t -> t.id().value().equals("gold")),
                "a refused call changes nothing");
        String stored = running.store().inTransaction(tx -> tx.adminTokens().list()).toString();
        assertFalse(stored.contains(admin.substring(admin.indexOf('.') + 1)), "only the hash is stored");
    }

    @Test
    void mintEnrollSuspendRevokeAndTheAuditShowsEachActionWithTheTokenId() throws Exception {
        ok(call("PUT", "/v1/admin/tiers/basic", admin, "{\"name\":\"Basic\",\"regions\":[\"eu-central\"],\"exits\":[\"DE\"],\"sessions\":100}"), 200);
        ok(call("PUT", "/v1/admin/egress/eg-main", admin, "{\"region\":\"eu-central\",\"provider\":\"static\",\"exits\":[\"DE\"],"
                + "\"ips\":[\"198.51.100.0/28\"]}"), 200);
        refused(call("PUT", "/v1/admin/egress/eg-bad", admin, "{\"region\":\"eu-central\",\"provider\":\"static\",\"kind\":\"odd\"}"), 400, "invalid_argument");
        JsonNode tiers = ok(call("GET", "/v1/admin/tiers", admin, null), 200);
        assertEquals("basic", tiers.path("tiers").path(0).path("id").asText());
        JsonNode gw = ok(call("POST", "/v1/admin/gateways", admin, "{\"id\":\"gw-1\",\"region\":\"eu-central\",\"provider\":\"static\"}"), 201);
        String gwToken = gw.path("token").asText();
        String gwKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        ok(call("POST", "/v1/gateways/register", gwToken, "{\"publicKey\":\"" + gwKey + "\",\"frontDoors\":[{\"id\":\"gw-1-t0\","
                + "\"endpoint\":\"203.0.113.10:51820\",\"transport\":\"T0\"}]}"), 200);
        JsonNode passes = ok(call("POST", "/v1/admin/passes", admin, "{\"tier\":\"basic\",\"ttlSeconds\":600,\"count\":2}"), 201);
        assertEquals(2, passes.path("passes").size());
        refused(call("POST", "/v1/admin/passes", admin, "{\"tier\":\"basic\",\"count\":100000}"), 400, "invalid_argument");
        String pass = passes.path("passes").path(0).path("secret").asText();
        JsonNode enrolled = ok(call("POST", "/v1/devices", null, "{\"installPass\":\"" + pass + "\",\"publicKey\":\""
                + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\"}"), 201);
        String device = enrolled.path("deviceId").asText();
        JsonNode list = ok(call("GET", "/v1/admin/devices", admin, null), 200);
        assertEquals(device, list.path("devices").path(0).path("id").asText());
        assertEquals("suspended", ok(call("POST", "/v1/admin/devices/" + device + "/suspend", admin, null), 200).path("state").asText());
        assertEquals("active", ok(call("POST", "/v1/admin/devices/" + device + "/resume", admin, null), 200).path("state").asText());
        assertEquals("revoked", ok(call("POST", "/v1/admin/devices/" + device + "/revoke", admin, null), 200).path("state").asText());
        assertEquals("revoked", ok(call("GET", "/v1/admin/devices/" + device, admin, null), 200).path("state").asText());
        refused(call("GET", "/v1/admin/devices/no-such-device", admin, null), 404, "not_found");
        refused(call("GET", "/v1/admin/devices/..%2F..%2Fetc", admin, null), 400, "invalid_argument");

        JsonNode audit = ok(call("GET", "/v1/admin/audit?limit=1000", admin, null), 200);
        String actor = "admin-token:" + admin.substring(AdminTokens.PREFIX.length(), admin.indexOf('.'));
        List<String> actions = new ArrayList<>();
        for (JsonNode e : audit.path("events")) {
            if (e.path("actor").asText().equals(actor)) {
                actions.add(e.path("action").asText());
            }
        }
        for (String want : List.of("gateway.provision", "device.suspend", "device.resume", "device.revoke")) {
            assertTrue(actions.contains(want), want + " audited with the token's id: " + actions);
        }
        assertTrue(actions.stream().anyMatch(a -> a.startsWith("tier")), actions.toString());
        assertTrue(actions.stream().anyMatch(a -> a.contains("pass")), actions.toString());
        refused(call("GET", "/v1/admin/audit?limit=abc", admin, null), 400, "invalid_argument");
        assertFalse(audit.toString().contains(pass), "no pass secret in the audit log");
    }
}
