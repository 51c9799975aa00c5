package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.server.cli.ServerCommand;
import dev.damm.server.jobs.JobSettings;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request limits per address and per token: 429 with Retry-After, before the body is read, counted in the metrics. */
class RateLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OpenApiContract contract;
    private String base;

    @Test
    void limitsPerAddressAndPerTokenAnswer429WithRetryAfter(@TempDir Path dir) throws Exception {
        RateLimitSettings limits = RateLimitSettings.defaults()
                .withPerAddress(RateLimitSettings.Family.CATALOGS, Optional.of(BucketShape.perHour(2)))
                .withPerAddress(RateLimitSettings.Family.ADMIN, Optional.empty())
                .withPerToken(RateLimitSettings.Family.ADMIN, Optional.of(BucketShape.perHour(3)))
                .withPerAddress(RateLimitSettings.Family.REPORTS, Optional.of(BucketShape.perHour(1)))
                .withTrustForwardedFor(true);
        ServerSettings s = new ServerSettings(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), 4096,
                Duration.ofMinutes(10), Duration.ofSeconds(1), limits, JobSettings.defaults());
        try (ServerCommand.Running running = ServerCommand.start(s, Clock.systemUTC())) {
            base = running.server().baseUrl();
            contract = new OpenApiContract(new String(ApiServer.OPENAPI, StandardCharsets.UTF_8));

            // Per address, the address taken from the trusted proxy's X-Forwarded-For entry.
            String catalog = "/v1/catalogs/eu-central/basic";
            assertNotEquals(429, send(get(catalog).header("X-Forwarded-For", "192.0.2.1")).statusCode());
            assertNotEquals(429, send(get(catalog).header("X-Forwarded-For", "192.0.2.1")).statusCode());
            HttpResponse<String> limited = send(get(catalog).header("X-Forwarded-For", "192.0.2.1"));
            assertLimited(limited);
            assertNotEquals(429, send(get(catalog).header("X-Forwarded-For", "192.0.2.2")).statusCode(), "another address has its own bucket");
            assertLimited(send(get(catalog).header("X-Forwarded-For", "192.0.2.77, 192.0.2.1")),
                    "what the client wrote before the proxy's entry does not pick the bucket");
            assertLimited(send(get("/v1/roots/1").header("X-Forwarded-For", "192.0.2.1")), "roots are in the catalogs family");
            assertEquals(200, send(get("/healthz").header("X-Forwarded-For", "192.0.2.1")).statusCode(), "health is never limited");

            // Per token: three admin calls an hour with one token; another token has its own bucket.
            String admin = Files.readString(dir.resolve("admin.token")).strip();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, send(get("/v1/admin/tiers").header("Authorization", "Bearer " + admin)).statusCode());
            }
            assertLimited(send(get("/v1/admin/tiers").header("Authorization", "Bearer " + admin)));
            String reader = AdminTokens.issue(running.store(), new SecureRandom(), Clock.systemUTC(), "operator-read", "test").text();
            assertEquals(200, send(get("/v1/admin/tiers").header("Authorization", "Bearer " + reader)).statusCode());

            // Refused before the body is read: an oversized body over the limit is a 429, not a 413, and is not parsed.
            HttpResponse<String> first = send(post("/v1/reports", "{\"reports\":[{\"pathId\":\"a/b/c\",\"succeeded\":true}]}"));
            assertEquals(202, first.statusCode(), first.body());
            assertLimited(send(post("/v1/reports", "{\"reports\":[" + "{\"pathId\":\"a/b/c\",\"succeeded\":true},".repeat(400) + "{}]}")));

            HttpResponse<String> metrics = send(get("/metrics"));
            assertTrue(metrics.body().contains("damm_rate_limited_total{route=\"/v1/catalogs/{region}/{tier}\"}"), "refusals are counted by route");
            assertEquals(200, send(get("/readyz")).statusCode());
        }
    }

    private static void assertLimited(HttpResponse<String> r, String... why) throws Exception {
        assertEquals(429, r.statusCode(), String.join(" ", why) + " " + r.body());
        JsonNode p = JSON.readTree(r.body());
        assertEquals("rate_limited", p.path("code").asText());
        long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 3600, "Retry-After " + retry);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        contract.check(r);
        return r;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
