package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.crypto.WireGuardKeyPair;
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

/** {@code damm admin} against a real server: mint, enroll over HTTP, suspend, revoke, and the audit list shows each. */
class AdminCommandTest {
    @TempDir
    static Path dir;
    static ServerCommand.Running running;
    static String base;
    static Path tokenFile;

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

    record Run(int rc, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // The documented form: damm admin --server URL --token-file FILE <command> ...
        String[] full = new String[args.length + 5];
        full[0] = "admin";
        full[1] = "--server";
        full[2] = base;
        full[3] = "--token-file";
        full[4] = tokenFile.toString();
        System.arraycopy(args, 0, full, 5, args.length);
        int rc = cl.execute(full);
        return new Run(rc, out.toString(), err.toString());
    }

    static Run ok(String... args) {
        Run r = admin(args);
        assertEquals(0, r.rc(), r.err());
        return r;
    }

    static HttpResponse<String> post(String path, String auth, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (auth != null) {
            b.header("Authorization", "Bearer " + auth);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void roundTrip() throws Exception {
        assertTrue(ok("tier", "put", "--id", "basic", "--regions", "eu-central", "--exits", "DE", "--sessions", "50").out().startsWith("basic "));
        assertTrue(ok("tier", "list").lines().stream().anyMatch(l -> l.startsWith("basic ")));
        ok("egress", "put", "--id", "eg-main", "--region", "eu-central", "--provider", "static", "--exits", "DE", "--ips", "198.51.100.0/28");
        // Without --exits a tier takes every exit its regions' pools serve; with no pool there yet it is one line and exit 2.
        assertTrue(ok("tier", "put", "--id", "open", "--regions", "eu-central").out().contains("exits=DE"));
        Run noPool = admin("tier", "put", "--id", "far", "--regions", "ap-south");
        assertEquals(2, noPool.rc());
        assertTrue(noPool.err().startsWith("damm: invalid_argument: exits"), noPool.err());
        assertTrue(ok("egress", "list").lines().get(0).startsWith("eg-main "));
        String gwToken = ok("gateway", "token", "--id", "gw-1", "--region", "eu-central", "--provider", "static").out().strip();
        // As documented, without an id: the command names the gateway itself.
        assertFalse(ok("gateway", "token", "--region", "eu-central", "--provider", "static").out().isBlank());
        assertTrue(ok("gateway", "list").out().lines().anyMatch(l -> l.startsWith("gw-eu-central-")), "a generated id, first on its line");
        assertTrue(gwToken.startsWith("dg_"));
        String gwKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        assertEquals(200, post("/v1/gateways/register", gwToken, "{\"publicKey\":\"" + gwKey + "\",\"frontDoors\":[{\"id\":\"gw-1-t0\","
                + "\"endpoint\":\"203.0.113.10:51820\",\"transport\":\"T0\"}]}").statusCode());

        List<String> passes = ok("pass", "mint", "--tier", "basic", "--ttl", "15m", "--count", "3").lines();
        assertEquals(3, passes.size());
        HttpResponse<String> enrolled = post("/v1/devices", null, "{\"installPass\":\"" + passes.get(0) + "\",\"publicKey\":\""
                + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\"}");
        assertEquals(201, enrolled.statusCode(), enrolled.body());
        String device = new com.fasterxml.jackson.databind.ObjectMapper().readTree(enrolled.body()).path("deviceId").asText();

        assertTrue(ok("device", "list").lines().get(0).startsWith(device + " active"));
        assertTrue(ok("device", "suspend", device).out().startsWith(device + " suspended"));
        assertTrue(ok("device", "revoke", device).out().startsWith(device + " revoked"));
        assertTrue(ok("device", "show", device).out().startsWith(device + " revoked"));

        assertTrue(ok("gateway", "list").lines().get(0).startsWith("gw-1 active eu-central static doors=gw-1-t0"));
        assertTrue(ok("gateway", "drain", "gw-1").out().startsWith("gw-1 draining"));
        assertTrue(ok("gateway", "retire", "gw-1").out().startsWith("gw-1 retired"));
        Run unknownGateway = admin("gateway", "drain", "gw-none");
        assertEquals(2, unknownGateway.rc());
        assertTrue(unknownGateway.err().startsWith("damm: not_found: "), unknownGateway.err());

        List<String> audit = ok("audit", "list").lines();
        String actor = "admin-token:" + Files.readString(tokenFile).strip().replaceFirst("^da_", "").replaceFirst("\\..*$", "");
        for (String action : List.of("tier", "egress", "gateway.provision", "pass", "device.suspend", "device.revoke", "gateway.drain", "gateway.retire")) {
            assertTrue(audit.stream().anyMatch(l -> l.contains(" " + actor + " ") && l.split(" ")[3].contains(action)), action + " in\n" + audit);
        }
    }

    @Test
    void gatewayTokensHaveTheLifetimeAskedForAndAReissueKeepsTheGateway() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        String token = ok("gateway", "token", "--id", "gw-ttl", "--region", "eu-central", "--provider", "static", "--ttl", "15m").out().strip();
        assertTrue(token.startsWith("dg_"));
        dev.damm.core.model.Gateway g = running.store().inTransaction(tx -> tx.gateways().find(dev.damm.core.model.GatewayId.of("gw-ttl"))).orElseThrow();
        java.time.Instant expires = g.tokenExpiresAt().orElseThrow();
        assertTrue(!expires.isBefore(before.plusSeconds(900)) && !expires.isAfter(java.time.Instant.now().plusSeconds(900)), expires.toString());
        String gwKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
        String registration = "{\"publicKey\":\"" + gwKey + "\",\"frontDoors\":[{\"id\":\"gw-ttl-t0\",\"endpoint\":\"203.0.113.11:51820\",\"transport\":\"T0\"}]}";
        assertEquals(200, post("/v1/gateways/register", token, registration).statusCode());
        String again = ok("gateway", "reissue", "gw-ttl", "--ttl", "2h").out().strip();
        assertTrue(again.startsWith("dg_") && !again.equals(token), "a new token");
        HttpResponse<String> re = post("/v1/gateways/register", again, registration);
        assertEquals(200, re.statusCode(), re.body());
        assertTrue(re.body().contains("\"gatewayId\":\"gw-ttl\"") && re.body().contains("\"credential\":\"dgc_"), "the same gateway, a new credential");
        assertEquals(401, post("/v1/gateways/register", again, registration).statusCode(), "spent");
        Run bad = admin("gateway", "token", "--region", "eu-central", "--provider", "static", "--ttl", "1y");
        assertEquals(2, bad.rc());
        assertTrue(bad.err().startsWith("damm: invalid_argument: ttl"), bad.err());
        Run tooShort = admin("gateway", "reissue", "gw-ttl", "--ttl", "5s");
        assertEquals(2, tooShort.rc());
        assertTrue(tooShort.err().startsWith("damm: invalid_argument: ttlSeconds"), tooShort.err());
    }

    @Test
    void failuresAreOneLineWithTheCodeAndExitTwo() {
        Run missing = admin("device", "show", "no-such-device");
        assertEquals(2, missing.rc());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("damm: not_found: "), missing.err());
        Run since = admin("audit", "list", "--since", "yesterday");
        assertEquals(2, since.rc());
        assertTrue(since.err().startsWith("damm: invalid_argument: since"), since.err());
        assertEquals("", ok("audit", "list", "--since", "2999-01-01T00:00:00Z").out(), "nothing after a future instant");
        Run bad = admin("pass", "mint", "--tier", "basic", "--ttl", "forever");
        assertEquals(2, bad.rc());
        assertTrue(bad.err().startsWith("damm: invalid_argument: ttl"), bad.err());
    }

    @Test
    void theTargetMayAlsoFollowTheCommandAndAMissingServerIsOneLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("admin", "tier", "list", "--server", base, "--token-file", tokenFile.toString()), err.toString());
        StringWriter err2 = new StringWriter();
        CommandLine cl2 = DammCommand.newCommandLine();
        cl2.setOut(new PrintWriter(new StringWriter(), true));
        cl2.setErr(new PrintWriter(err2, true));
        assertEquals(2, cl2.execute("admin", "--token-file", tokenFile.toString(), "tier", "list"));
        assertEquals(1, err2.toString().lines().count(), err2.toString());
        assertTrue(err2.toString().startsWith("damm: invalid_argument: server"), err2.toString());
    }
}
