package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.server.http.OpenApiCheck;
import dev.damm.server.http.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator's round trip through the real {@code damm admin} command line against a running
 * server: mint a pass, a device enrolls with it over HTTP, suspend it, revoke it, and {@code audit
 * list} shows each step with who did it: the admin token's id for the operator's calls, and for the
 * enrollment the pass that token minted.
 */
class AdminRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static ServerCommand.Running running;
    static String base;
    static Path tokenFile;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        running = ServerCommand.start(new ServerSettings(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), 8192,
                Duration.ofMinutes(10), Duration.ofSeconds(2)), Clock.systemUTC());
        base = running.server().baseUrl();
        tokenFile = running.adminTokenFile();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    /** Runs {@code damm admin --server URL --token-file FILE args...}; asserts exit 0 and returns its output lines. */
    static List<String> admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 5];
        full[0] = "admin";
        full[1] = "--server";
        full[2] = base;
        full[3] = "--token-file";
        full[4] = tokenFile.toString();
        System.arraycopy(args, 0, full, 5, args.length);
        int rc = cl.execute(full);
        assertEquals(0, rc, String.join(" ", args) + ": " + err);
        assertEquals("", err.toString(), "nothing on stderr");
        return out.toString().lines().toList();
    }

    static HttpResponse<String> post(String path, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return OpenApiCheck.check(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** One line of {@code audit list}: sequence, time, actor, action, target (the last field; a read's target is "METHOD route"). */
    record Event(long sequence, String actor, String action, String target) {
        static Event parse(String line) {
            String[] f = line.split(" ", 5);
            assertEquals(5, f.length, "five fields: " + line);
            return new Event(Long.parseLong(f[0]), f[2], f[3], f[4]);
        }
    }

    @Test
    void mintEnrollSuspendRevokeAndTheAuditListShowsEach() throws Exception {
        admin("egress", "put", "--id", "eg-rt", "--region", "eu-west", "--provider", "static", "--exits", "FR", "--ips", "198.51.100.16/28");
        admin("tier", "put", "--id", "roundtrip", "--regions", "eu-west", "--exits", "FR");
        String gatewayToken = admin("gateway", "token", "--id", "gw-rt", "--region", "eu-west", "--provider", "static").get(0);
        HttpResponse<String> registered = post("/v1/gateways/register", gatewayToken, "{\"publicKey\":\""
                + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\",\"frontDoors\":[{\"id\":\"gw-rt-t0\","
                + "\"endpoint\":\"203.0.113.20:51820\",\"transport\":\"T0\"}]}");
        assertEquals(200, registered.statusCode(), registered.body());

        List<String> passes = admin("pass", "mint", "--tier", "roundtrip", "--ttl", "10m");
        assertEquals(1, passes.size(), "one pass per line");
        String devicePublicKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        HttpResponse<String> enrolled = post("/v1/devices", null, "{\"installPass\":\"" + passes.get(0) + "\",\"publicKey\":\"" + devicePublicKey + "\"}");
        assertEquals(201, enrolled.statusCode(), enrolled.body());
        String device = JSON.readTree(enrolled.body()).path("deviceId").asText();
        // The pass is spent: a second enrollment with it is refused with its code.
        HttpResponse<String> replay = post("/v1/devices", null, "{\"installPass\":\"" + passes.get(0) + "\",\"publicKey\":\""
                + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\"}");
        assertEquals(403, replay.statusCode(), replay.body());
        assertEquals("install_pass_invalid", JSON.readTree(replay.body()).path("code").asText());

        assertTrue(admin("device", "show", device).get(0).startsWith(device + " active roundtrip eu-west "));
        assertTrue(admin("device", "suspend", device).get(0).startsWith(device + " suspended "));
        assertTrue(admin("device", "revoke", device).get(0).startsWith(device + " revoked "));
        assertTrue(admin("device", "list").stream().anyMatch(l -> l.startsWith(device + " revoked ")));

        String tokenId = Files.readString(tokenFile).strip().replaceFirst("^da_", "").replaceFirst("\\..*$", "");
        String operator = "admin-token:" + tokenId;
        List<Event> audit = admin("audit", "list").stream().map(Event::parse).toList();

        Event enroll = one(audit, "device.enroll", "device:" + device);
        assertTrue(enroll.actor().startsWith("pass:"), "a device enrolls with its pass: " + enroll);
        Event mint = one(audit, "pass.mint", enroll.actor());
        assertEquals(operator, mint.actor(), "the pass the device used was minted with the admin token");
        Event suspend = one(audit, "device.suspend", "device:" + device);
        Event revoke = one(audit, "device.revoke", "device:" + device);
        assertEquals(operator, suspend.actor());
        assertEquals(operator, revoke.actor());
        assertTrue(mint.sequence() < enroll.sequence() && enroll.sequence() < suspend.sequence() && suspend.sequence() < revoke.sequence(),
                "in the order they happened: " + audit);

        // The same events over the admin API, checked against the OpenAPI description.
        HttpResponse<String> events = OpenApiCheck.check(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/audit?after="
                + (mint.sequence() - 1))).header("Authorization", "Bearer " + Files.readString(tokenFile).strip()).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, events.statusCode(), events.body());
        JsonNode first = JSON.readTree(events.body()).path("events").get(0);
        assertEquals("pass.mint", first.path("action").asText());
        assertEquals(operator, first.path("actor").asText());
    }

    private static Event one(List<Event> audit, String action, String target) {
        List<Event> found = audit.stream().filter(e -> e.action().equals(action) && e.target().equals(target)).toList();
        assertEquals(1, found.size(), action + " " + target + " once in " + audit);
        return found.get(0);
    }
}
