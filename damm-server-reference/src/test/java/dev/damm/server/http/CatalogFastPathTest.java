package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.ratelimit.LocalRateLimitBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog fast path on its own, in front of a stand-in for the routed server that answers 299:
 * what it answers itself, and that everything else (stale or unknown scopes, other shapes and
 * methods, a refused rate limit) reaches the routes.
 */
class CatalogFastPathTest {
    private static final int ROUTED = 299;
    private final Map<String, ApiServer.ServedBytes> cache = new ConcurrentHashMap<>();
    private final List<String> answered = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Server jetty;
    private String base;

    @BeforeEach
    void start() throws Exception {
        RateLimitSettings limits = RateLimitSettings.defaults()
                .withPerAddress(RateLimitSettings.Family.CATALOGS, Optional.of(BucketShape.perHour(5)))
                .withPerToken(RateLimitSettings.Family.CATALOGS, Optional.empty());
        CatalogFastPath.Server server = new CatalogFastPath.Server() {
            @Override
            public ApiServer.ServedBytes fresh(String scopeKey) {
                ApiServer.ServedBytes s = cache.get(scopeKey);
                return s != null && Instant.now().isBefore(s.freshUntil()) ? s : null;
            }

            @Override
            public long maxAgeSeconds(ApiServer.ServedBytes bytes) {
                return 60;
            }

            @Override
            public String requestId(String offered) {
                return offered != null ? offered : "made-here";
            }

            @Override
            public synchronized void answered(String method, int status, long startNanos, String requestId) {
                answered.add(method + " " + status + " " + requestId);
            }
        };
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        CatalogFastPath fast = new CatalogFastPath(server, new RateLimits(new LocalRateLimitBackend(Clock.systemUTC(), 1000), limits));
        fast.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(ROUTED);
                response.write(true, ByteBuffer.wrap("routed".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        jetty.setHandler(fast);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFreshCachedScopeIsAnsweredFromItsBytesAndEverythingElseGoesToTheRoutes() throws Exception {
        byte[] bytes = "{\"signed\":\"catalog\"}".getBytes(StandardCharsets.UTF_8);
        ApiServer.ServedBytes served = ApiServer.ServedBytes.of(bytes, Instant.now().plus(Duration.ofHours(1)));
        cache.put("eu-central/basic", served);
        cache.put("eu-central/stale", ApiServer.ServedBytes.of(bytes, Instant.now().minusSeconds(1)));

        HttpResponse<String> ok = get("/v1/catalogs/eu-central/basic", "X-Request-Id", "r-1");
        assertEquals(200, ok.statusCode());
        assertEquals(new String(bytes, StandardCharsets.UTF_8), ok.body());
        assertEquals(Optional.of(served.etag()), ok.headers().firstValue("ETag"));
        assertEquals(Optional.of("public, max-age=60"), ok.headers().firstValue("Cache-Control"));
        assertEquals(Optional.of("application/json"), ok.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("r-1"), ok.headers().firstValue("X-Request-Id"));
        HttpResponse<String> same = get("/v1/catalogs/eu-central/basic", "If-None-Match", "\"other\", " + served.etag());
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());

        for (String path : List.of("/v1/catalogs/eu-central/stale", "/v1/catalogs/eu-central/unknown", "/v1/catalogs/eu-central/basic/x",
                "/v1/catalogs/eu-central", "/v1/roots/1", "/healthz")) {
            assertEquals(ROUTED, get(path).statusCode(), path + " goes to the routes");
        }
        for (String path : List.of("/v1/catalogs/eu-central%2Fbasic", "/v1/catalogs//basic")) {
            assertEquals(400, get(path).statusCode(), path + ": Jetty refuses an ambiguous path before any handler");
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/catalogs/eu-central/basic"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(ROUTED, post.statusCode(), "other methods go to the routes");
        assertEquals(List.of("GET 200 r-1", "GET 304 made-here"), answered, "each fast answer is recorded once");
    }

    @Test
    void aRequestTheAddressLimitRefusesGoesToTheRoutesWhichRefuseIt() throws Exception {
        cache.put("eu-central/basic", ApiServer.ServedBytes.of("{}".getBytes(StandardCharsets.UTF_8), Instant.now().plus(Duration.ofHours(1))));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(get("/v1/catalogs/eu-central/basic").statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200, 200, ROUTED, ROUTED, ROUTED), statuses,
                "five an hour from this address; the rest are the routes' to refuse (their check finds the bucket empty too)");
        assertTrue(answered.size() == 5, answered.toString());
    }
}
