package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.crypto.WireGuardKeyPair;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/** A running server with a small fleet set up over its API, and a client whose every answer is checked against the OpenAPI document. */
final class OpsFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A gateway name that would run script if a page printed it unescaped. */
    static final String XSS = "<script>document.body.setAttribute('data-xss','ran')</script>";

    /** A clock tests move forward, to see links and sessions expire. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Path dir;
    final MovableClock clock = new MovableClock();
    ServerCommand.Running running;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final OpenApiContract contract;
    String base;
    final String admin;
    /** Every secret the tests saw (tokens, page codes, session cookies), to look for in the logs. */
    final java.util.List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What the fleet's gateway heartbeats with, once {@link #fleet()} registered it. */
    String gatewayCredential;

    OpsFixture(Path dir) throws Exception {
        this.dir = dir;
        start();
        admin = Files.readString(dir.resolve("admin.token")).strip();
        secrets.add(admin);
        contract = new OpenApiContract(new String(ApiServer.OPENAPI, StandardCharsets.UTF_8));
    }

    void start() throws Exception {
        running = ServerCommand.start(new ServerSettings(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), 8192,
                Duration.ofMinutes(10), Duration.ofSeconds(2)), clock);
        base = running.server().baseUrl();
    }

    /** Sends a request (JSON body when {@code json} is given) and checks the answer against the document. */
    HttpResponse<String> call(String method, String path, String token, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
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

    /**
     * A tier, an egress pool and a gateway named {@link #XSS}, registered and heartbeating, so the
     * report has a path and the loop a catalog scope ({@code eu-central/basic}).
     */
    void fleet() throws Exception {
        ok(call("PUT", "/v1/admin/tiers/basic", admin, "{\"regions\":[\"eu-central\"],\"exits\":[\"DE\"],\"sessions\":100}"), 200);
        ok(call("PUT", "/v1/admin/egress/eg-main", admin, "{\"region\":\"eu-central\",\"provider\":\"static\",\"exits\":[\"DE\"],"
                + "\"ips\":[\"198.51.100.0/28\"]}"), 200);
        JsonNode gw = ok(call("POST", "/v1/admin/gateways", admin, JSON.writeValueAsString(JSON.createObjectNode().put("id", "gw-x")
                .put("name", XSS).put("region", "eu-central").put("provider", "hetzner"))), 201);
        String token = gw.path("token").asText();
        secrets.add(token);
        JsonNode reg = ok(call("POST", "/v1/gateways/register", token, "{\"publicKey\":\""
                + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64() + "\",\"frontDoors\":[{\"id\":\"gw-x-t0\","
                + "\"endpoint\":\"203.0.113.10:51820\",\"transport\":\"T0\"}]}"), 200);
        // A gateway credential, where the server issues one, replaces the one-time token after registration.
        String credential = reg.path("credential").asText(token);
        gatewayCredential = credential;
        secrets.add(credential);
        ok(call("POST", "/v1/gateways/heartbeat", credential, "{\"load\":0.2,\"activePeers\":0}"), 200);
    }

    /** A new page link made with {@code token}. */
    String pageLink(String token) throws Exception {
        String url = ok(call("POST", "/v1/admin/page-links", token, null), 201).path("url").asText();
        secrets.add(url.substring(url.indexOf("code=") + 5));
        return url;
    }

    /** The session cookie's {@code name=value} from a login answer. */
    String sessionCookie(HttpResponse<String> login) {
        String set = login.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = set.split(";", 2)[0];
        secrets.add(cookie.substring(cookie.indexOf('=') + 1));
        return cookie;
    }

    @Override
    public void close() {
        running.close();
    }
}
