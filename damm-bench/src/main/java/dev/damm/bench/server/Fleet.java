package dev.damm.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fleet set up over the server's HTTP API, as an operator and gateways would: a tier, an egress
 * pool, and gateways provisioned by the admin API, then registered and heartbeating with their own
 * credential. Registration answers {@code "credential"} (the gateway credential that replaces the
 * one-time registration token); where a server answers none, the token stays the credential.
 */
public final class Fleet {
    public static final String REGION = "eu-central";
    public static final String TIER = "bench";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String admin;
    /** Registrations refused with 409 and tried again (the server's answer to a race). */
    final java.util.concurrent.atomic.AtomicLong registerConflicts = new java.util.concurrent.atomic.AtomicLong();

    /** One registered gateway: its id and the bearer credential for heartbeat and admission. */
    public record Gateway(String id, String region, String credential) {}

    private final List<String> regions;

    /** A fleet in {@link #REGION} alone. */
    public Fleet(HttpClient http, String base, String adminToken) {
        this(http, base, adminToken, 1);
    }

    /** A fleet over {@code regions} regions ({@link #REGION} when one, else {@code region-1}...); gateway {@code n} is in region {@code n % regions}. */
    public Fleet(HttpClient http, String base, String adminToken, int regions) {
        this.http = http;
        this.base = base;
        this.admin = adminToken;
        List<String> r = new ArrayList<>();
        for (int i = 1; i <= regions; i++) {
            r.add(regions == 1 ? REGION : "region-" + i);
        }
        this.regions = List.copyOf(r);
    }

    public List<String> regions() {
        return regions;
    }

    /** A tier over every region exiting in DE with room for {@code sessions} devices, and one egress pool per region. */
    public void tierAndEgress(int sessions) throws IOException, InterruptedException {
        String list = String.join("\",\"", regions);
        call("PUT", "/v1/admin/tiers/" + TIER, "{\"regions\":[\"" + list + "\"],\"exits\":[\"DE\"],\"sessions\":" + sessions + "}", 200);
        for (String region : regions) {
            call("PUT", "/v1/admin/egress/" + egress(region), "{\"region\":\"" + region + "\",\"provider\":\"static\",\"exits\":[\"DE\"],"
                    + "\"kind\":\"main\",\"ips\":[\"198.51.100.0/28\"]}", 200);
        }
    }

    /** The egress pool of {@code region}. */
    public static String egress(String region) {
        return region.equals(REGION) ? "eg-bench" : "eg-" + region;
    }

    /** Provisions and registers {@code count} gateways ({@code threads} at a time), each with one T0 door; heartbeats each once. */
    public List<Gateway> gateways(int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Gateway>> jobs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                jobs.add(pool.submit(() -> gateway(n)));
            }
            List<Gateway> out = new ArrayList<>(count);
            long start = System.nanoTime();
            for (Future<Gateway> f : jobs) {
                out.add(f.get());
                if (count >= 1000 && out.size() % (count / 10) == 0) {
                    double spent = (System.nanoTime() - start) / 1e9;
                    System.out.printf(java.util.Locale.ROOT, "  %,d of %,d gateways registered (%.0f s, about %.0f s to go)%n", out.size(), count,
                            spent, spent / out.size() * (count - out.size()));
                }
            }
            if (registerConflicts.get() > 0) {
                System.out.println("registrations refused with 409 (then retried): " + registerConflicts.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private Gateway gateway(int n) throws IOException, InterruptedException {
        String id = String.format(java.util.Locale.ROOT, "gw-%05d", n);
        String region = regions.get(n % regions.size());
        JsonNode t = call("POST", "/v1/admin/gateways", "{\"id\":\"" + id + "\",\"region\":\"" + region + "\",\"provider\":\"static\"}", 201);
        String token = t.path("token").asText();
        String door = "203.0." + (113 + n / 65536 % 8) + "." + (n / 256 % 256) + ":" + (20000 + n % 256);
        String body = "{\"publicKey\":\"" + randomKey() + "\",\"frontDoors\":[{\"id\":\"" + id + "-t0\",\"endpoint\":\"" + door
                + "\",\"transport\":\"T0\",\"priority\":10}]}";
        HttpResponse<String> r = null;
        // A registration that races another one or the loop's tick can be refused with 409; a gateway tries again.
        for (int attempt = 0; attempt < 10 && (r == null || r.statusCode() == 409); attempt++) {
            if (r != null) {
                registerConflicts.incrementAndGet();
                Thread.sleep(100);
            }
            r = send(gatewayRequest("/v1/gateways/register", token).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }
        expect(r, 200);
        JsonNode reg = JSON.readTree(r.body());
        String credential = reg.hasNonNull("credential") ? reg.path("credential").asText() : token;
        Gateway g = new Gateway(id, region, credential);
        heartbeat(g);
        return g;
    }

    /** One heartbeat of {@code g}. */
    public void heartbeat(Gateway g) throws IOException, InterruptedException {
        expect(send(heartbeatRequest(g)), 200);
    }

    public HttpRequest heartbeatRequest(Gateway g) {
        return gatewayRequest("/v1/gateways/heartbeat", g.credential())
                .POST(HttpRequest.BodyPublishers.ofString("{\"load\":0.2,\"activePeers\":100}")).build();
    }

    HttpRequest.Builder gatewayRequest(String path, String credential) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + credential);
    }

    /** Mints {@code count} passes for the tier through the admin API (at most 1,000 per call). */
    public List<String> passes(int count) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>(count);
        while (out.size() < count) {
            int n = Math.min(1000, count - out.size());
            JsonNode r = call("POST", "/v1/admin/passes", "{\"tier\":\"" + TIER + "\",\"ttlSeconds\":86400,\"count\":" + n + "}", 201);
            for (JsonNode p : r.path("passes")) {
                out.add(p.path("secret").asText());
            }
        }
        return out;
    }

    /** The catalog of the tier in the first region as served: status 200 and its bytes. */
    public HttpResponse<byte[]> catalog() throws IOException, InterruptedException {
        return catalog(regions.get(0));
    }

    /** The catalog of the tier in {@code region} as served: status 200 and its bytes. */
    public HttpResponse<byte[]> catalog(String region) throws IOException, InterruptedException {
        String path = catalogPath(region);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + new String(r.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return r;
    }

    public static String catalogPath() {
        return catalogPath(REGION);
    }

    public static String catalogPath(String region) {
        return "/v1/catalogs/" + region + "/" + TIER;
    }

    /** A WireGuard public key: 32 random bytes in base64 (fresh for every enrollment). */
    public static String randomKey() {
        byte[] k = new byte[32];
        RANDOM.get().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static final ThreadLocal<java.util.Random> RANDOM = ThreadLocal.withInitial(() -> new java.util.Random(new SecureRandom().nextLong()));

    JsonNode call(String method, String path, String body, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
        expect(r, status);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri().getPath() + " answered " + r.statusCode()
                    + " (expected " + status + "): " + r.body());
        }
    }
}
