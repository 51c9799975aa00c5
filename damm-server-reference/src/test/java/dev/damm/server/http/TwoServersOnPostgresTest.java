package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.ControlPlane;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.enroll.MintedPass;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.store.JobLease;
import dev.damm.server.jobs.ServerJobs;
import dev.damm.server.jobs.LoopTickJob;
import dev.damm.server.jobs.PassExpiryJob;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import dev.damm.store.jdbc.JdbcStore;
import dev.damm.store.jdbc.JdbcStoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code damm server} processes on one PostgreSQL, as an operator would run them: enrollments
 * against both at once, one rate limit for both, one sequence of catalog serials, each background
 * job on one of them at a time, and the survivor serving and taking the jobs over when the other
 * is killed. Waits are "eventually, within a generous bound", never timing assertions.
 */
class TwoServersOnPostgresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READY = Pattern.compile("damm server ready at (http://127\\.0\\.0\\.1:\\d+)");
    private static final AccessTierId TIER = AccessTierId.of("basic");
    private static final RegionCode REGION = RegionCode.of("eu-central");
    private static final List<String> JOBS = List.of(LoopTickJob.NAME, ServerJobs.ADMISSION_REFRESH, ServerJobs.AUDIT_RETENTION, PassExpiryJob.NAME);
    /** Report batches one address may send to the whole deployment in the test's day. */
    private static final int REPORT_LIMIT = 10;

    private final List<Server> servers = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private OpenApiContract contract;

    /** A child JVM running {@code damm server}, its URL, and every log line it wrote to stderr. */
    record Server(Process process, String url, List<String> logs) {}

    @AfterEach
    void stop() throws Exception {
        for (Server s : servers) {
            s.process().destroyForcibly();
            s.process().waitFor(30, TimeUnit.SECONDS);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoServersShareOneDatabaseAndOneSurvivesTheOther(@TempDir Path dir) throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE damm_two");
        }
        String url = postgres.getJdbcUrl("postgres", "damm_two");
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n", "tick-seconds=1", "admission-seconds=1", "job-lease-seconds=6",
                "audit-retention-every-seconds=1", "pass-expiry-every-seconds=1", "pass-expiry-grace-seconds=0", "drain-seconds=1",
                "rate.reports.per-address=" + REPORT_LIMIT + "/24h", "jdbc-user=postgres", "trust-forwarded-for=true", "") + "\n");
        // The same data directory: the second server reads the key ring the first one created.
        Path data = dir.resolve("data");
        Server a = start(url, config, data);
        Server b = start(url, config, data);
        contract = new OpenApiContract(new String(ApiServer.OPENAPI, StandardCharsets.UTF_8));

        try (JdbcStore store = JdbcStore.open(JdbcStoreConfig.builder(url).user("postgres").poolSize(2).build())) {
            // The test's own plane seeds the fleet and mints passes; devices enroll over HTTP only.
            ControlPlane cp = ControlPlane.builder(store).trustAnchor(() -> {
                throw new IllegalStateException("the test's plane does not enroll");
            }).build();
            cp.putTier(new AccessTier(TIER, "Basic", Set.of(REGION), Set.of(CountryCode.of("DE")), 1000, 1L << 40, true,
                    SubstitutionPolicy.STRICT, List.of()), "test");
            cp.putEgressPool(new EgressPool(EgressPoolId.of("eg-main"), ProviderId.of("static"), REGION, EgressKind.MAIN,
                    Set.of(CountryCode.of("DE")), List.of(IpNetwork.parse("198.51.100.0/24")), 0.2, 0.8, true), "test");
            String gwToken = cp.gateways().provision(GatewayId.of("gw-1"), "Gateway 1", REGION, ProviderId.of("static"), "test").token();
            String auth = "Bearer " + gwToken;
            String gwKey = WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64();
            HttpResponse<String> reg = send(post(a, "/v1/gateways/register", "{\"publicKey\":\"" + gwKey + "\",\"frontDoors\":["
                    + "{\"id\":\"gw-1-t0\",\"endpoint\":\"203.0.113.10:51820\",\"transport\":\"T0\",\"priority\":10}]}").header("Authorization", auth));
            assertEquals(200, reg.statusCode(), reg.body());
            // The registration token is spent; the gateway credential it returned authenticates from now on.
            String gwAuth = "Bearer " + new com.fasterxml.jackson.databind.ObjectMapper().readTree(reg.body()).path("credential").asText();
            assertTrue(gwAuth.startsWith("Bearer dgc_"), reg.body());
            // Heartbeats reach both servers; both write them to the one store.
            for (Server s : List.of(a, b)) {
                HttpResponse<String> hb = send(post(s, "/v1/gateways/heartbeat", "{\"load\": 0.2, \"activePeers\": 0}").header("Authorization", gwAuth));
                assertEquals(200, hb.statusCode(), hb.body());
            }

            // ---- parallel enrollments against both servers --------------------------------
            int n = 24;
            List<MintedPass> passes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // Minting is rate-limited per minting address; each pass comes from its own.
                passes.add(cp.passes().mint(TIER, Duration.ofHours(1), "test", "198.18.0." + (i + 1)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<CompletableFuture<HttpResponse<String>>> enrolls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Server s = i % 2 == 0 ? a : b;
                String secret = passes.get(i).secret();
                // As if behind a proxy: each device from its own address, so the per-address enrollment limit stays out of the way.
                String from = "198.51.100." + (i + 1);
                enrolls.add(CompletableFuture.supplyAsync(() -> call(post(s, "/v1/devices", enrollBody(secret)).header("X-Forwarded-For", from)), pool));
            }
            Set<String> addresses = new HashSet<>();
            Set<String> deviceIds = new HashSet<>();
            for (CompletableFuture<HttpResponse<String>> f : enrolls) {
                HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
                assertEquals(201, r.statusCode(), r.body());
                JsonNode body = JSON.readTree(r.body());
                deviceIds.add(body.path("deviceId").asText());
                body.path("peer").path("tunnelAddresses").forEach(t -> assertTrue(addresses.add(t.asText()), "address held twice: " + t));
            }
            assertEquals(n, deviceIds.size());
            assertEquals((long) n, (long) store.inTransaction(tx -> tx.devices().count()));
            // Every pass was spent by its one enrollment: replayed at the other server it is refused.
            List<CompletableFuture<HttpResponse<String>>> replays = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Server s = i % 2 == 0 ? b : a;
                String secret = passes.get(i).secret();
                String from = "198.51.101." + (i + 1);
                replays.add(CompletableFuture.supplyAsync(() -> call(post(s, "/v1/devices", enrollBody(secret)).header("X-Forwarded-For", from)), pool));
            }
            for (CompletableFuture<HttpResponse<String>> f : replays) {
                HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
                assertEquals(403, r.statusCode(), r.body());
                assertEquals("install_pass_invalid", JSON.readTree(r.body()).path("code").asText());
            }
            assertEquals((long) n, (long) store.inTransaction(tx -> tx.devices().count()), "no replay enrolled a device");

            // ---- each job on one server at a time -------------------------------------------
            eventually(Duration.ofSeconds(90), () -> leases(store).keySet().containsAll(JOBS), "every job has a lease");
            Map<String, String> holders = leases(store);
            Map<String, Server> byHolder = new HashMap<>();
            for (String job : JOBS) {
                Server holder = holderOf(holders.get(job), a, b);
                byHolder.put(job, holder);
                Server other = holder == a ? b : a;
                eventually(Duration.ofSeconds(60), () -> ran(holder, job) > 0, job + " runs on its leaseholder");
                int before = ran(other, job);
                Thread.sleep(3_000);
                if (leases(store).get(job).equals(holders.get(job))) {
                    assertEquals(before, ran(other, job), job + " ran on the server without its lease");
                }
            }

            // ---- one sequence of catalog serials --------------------------------------------
            Map<Long, String> bySerial = new ConcurrentHashMap<>();
            for (int round = 0; round < 4; round++) {
                for (Server s : List.of(a, b)) {
                    HttpResponse<String> cat = send(get(s, "/v1/catalogs/eu-central/basic"));
                    assertEquals(200, cat.statusCode(), cat.body());
                    String previous = bySerial.putIfAbsent(serial(cat.body()), cat.body());
                    assertTrue(previous == null || previous.equals(cat.body()), "two different catalogs signed with serial " + serial(cat.body()));
                }
                Thread.sleep(500);
            }
            List<Long> recorded = store.inTransaction(tx -> tx.publications().recent("catalog", "eu-central/basic", 1000)).stream()
                    .map(dev.damm.core.store.Publication::serial).toList();
            assertEquals(recorded.size(), new HashSet<>(recorded).size(), "each serial recorded once");
            assertTrue(recorded.containsAll(bySerial.keySet()), "every served serial is one of the store's: " + bySerial.keySet() + " " + recorded);

            // ---- a report at the server without the loop reaches the loop's server ---------
            Server tickHolder = byHolder.get(LoopTickJob.NAME);
            Server follower = tickHolder == a ? b : a;
            HttpResponse<String> rep = send(post(follower, "/v1/reports", "{\"reports\":[{\"pathId\":\"gw-1/gw-1-t0/eg-main\",\"succeeded\":true,"
                    + "\"rttMillis\":30}]}"));
            assertEquals(202, rep.statusCode(), rep.body());
            assertEquals(1, JSON.readTree(rep.body()).path("accepted").asInt(), rep.body());
            eventually(Duration.ofSeconds(60), () -> store.inTransaction(tx -> tx.reportQueue().size()) == 0,
                    "the loop's leaseholder took the report from the queue");

            // ---- one rate limit for both servers --------------------------------------------
            List<CompletableFuture<HttpResponse<String>>> reports = new ArrayList<>();
            for (int i = 0; i < 3 * REPORT_LIMIT; i++) {
                Server s = i % 2 == 0 ? a : b;
                reports.add(CompletableFuture.supplyAsync(() -> call(post(s, "/v1/reports",
                        "{\"reports\":[{\"pathId\":\"gw-x/fd-x/eg-x\",\"succeeded\":true}]}")), pool));
            }
            int accepted = 0;
            Map<String, Integer> refusedBy = new HashMap<>();
            for (int i = 0; i < reports.size(); i++) {
                HttpResponse<String> r = reports.get(i).get(120, TimeUnit.SECONDS);
                if (r.statusCode() == 202) {
                    accepted++;
                } else {
                    assertEquals(429, r.statusCode(), r.body());
                    assertEquals("rate_limited", JSON.readTree(r.body()).path("code").asText());
                    assertTrue(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()) >= 1);
                    refusedBy.merge(i % 2 == 0 ? "a" : "b", 1, Integer::sum);
                }
            }
            assertEquals(REPORT_LIMIT - 1, accepted, "the per-address limit holds across both servers");
            assertEquals(Set.of("a", "b"), refusedBy.keySet(), "both servers refused once the shared bucket was empty: " + refusedBy);
            pool.shutdown();



            // ---- kill the loop's server: the other keeps serving and takes the jobs over ----
            tickHolder.process().destroyForcibly();
            assertTrue(tickHolder.process().waitFor(30, TimeUnit.SECONDS));
            String survivorHolder = holderName(follower, holders, a, b);
            eventually(Duration.ofSeconds(90), () -> {
                Map<String, String> now = leases(store);
                return JOBS.stream().allMatch(j -> holderOf(now.get(j), a, b) == follower);
            }, "the survivor holds every job's lease after the other's expired");
            int tickRuns = ran(follower, LoopTickJob.NAME);
            eventually(Duration.ofSeconds(60), () -> ran(follower, LoopTickJob.NAME) > tickRuns, "the survivor runs the loop");
            assertEquals(200, send(get(follower, "/readyz")).statusCode());
            HttpResponse<String> cat = send(get(follower, "/v1/catalogs/eu-central/basic"));
            assertEquals(200, cat.statusCode(), cat.body());
            MintedPass late = cp.passes().mint(TIER, Duration.ofHours(1), "test", "198.18.1.1");
            HttpResponse<String> en = send(post(follower, "/v1/devices", enrollBody(late.secret())));
            assertEquals(201, en.statusCode(), en.body());
            assertNotEquals(null, survivorHolder);
            assertFalse(follower.logs().stream().anyMatch(l -> l.contains(gwToken) || l.contains(late.secret())), "no secret in the logs");
        }
    }

    private static String enrollBody(String secret) {
        return "{\"installPass\":\"" + secret + "\",\"publicKey\":\"" + WireGuardKeyPair.generate(new SecureRandom()).publicKey().base64()
                + "\",\"region\":\"eu-central\"}";
    }

    /** The serial inside a signed catalog (a DSSE envelope whose payload is the catalog). */
    private static long serial(String envelope) throws Exception {
        JsonNode env = JSON.readTree(envelope);
        JsonNode catalog = JSON.readTree(Base64.getDecoder().decode(env.path("payload").asText()));
        return catalog.path("serial").asLong();
    }

    private static Map<String, String> leases(JdbcStore store) {
        Map<String, String> out = new HashMap<>();
        for (JobLease l : store.inTransaction(tx -> tx.jobLeases().list())) {
            out.put(l.job(), l.holder());
        }
        return out;
    }

    /** Holders are named "pid@host/random": the process id tells which child holds a lease. */
    private static Server holderOf(String holder, Server a, Server b) {
        if (holder == null) {
            return null;
        }
        String pid = holder.substring(0, holder.indexOf('@'));
        return Long.toString(a.process().pid()).equals(pid) ? a : Long.toString(b.process().pid()).equals(pid) ? b : null;
    }

    private static String holderName(Server s, Map<String, String> holders, Server a, Server b) {
        return Long.toString(s.process().pid());
    }

    /** How often {@code server} logged a run of {@code job}. */
    private static int ran(Server server, String job) {
        String needle = "job " + job + " ran on ";
        return (int) server.logs().stream().filter(l -> l.contains(needle)).count();
    }

    private static void eventually(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // e.g. the store busy while a server dies; try again
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + within + ": " + what);
    }

    /** Starts {@code damm server} in a child JVM with JSON logs and waits for its ready line. */
    private Server start(String jdbcUrl, Path config, Path data) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
                "dev.damm.server.cli.DammCommand", "server", "--config", config.toString(), "--data", data.toString(), "--port", "0",
                "--jdbc-url", jdbcUrl, "--log-format", "json");
        pb.environment().put("DAMM_LOG_LEVEL", "INFO");
        Process p = pb.start();
        List<String> logs = new CopyOnWriteArrayList<>();
        Thread err = new Thread(() -> drain(p, logs, true), "child-stderr");
        err.setDaemon(true);
        err.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String url = ready.get(180, TimeUnit.SECONDS);
        assertTrue(url != null, "the server printed its ready line; its log: " + logs);
        Server s = new Server(p, url, logs);
        servers.add(s);
        // Every stderr line of a JSON-logging server is one JSON object.
        return s;
    }

    private static void drain(Process p, List<String> logs, boolean json) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                logs.add(line);
            }
        } catch (java.io.IOException e) {
            // the process died: its log ends here
        }
    }

    private HttpResponse<String> call(HttpRequest.Builder b) {
        try {
            return send(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        synchronized (contract) {
            contract.check(r);
        }
        return r;
    }

    private static HttpRequest.Builder get(Server s, String path) {
        return HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder post(Server s, String path, String body) {
        return HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
