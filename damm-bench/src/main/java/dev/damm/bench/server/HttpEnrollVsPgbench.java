package dev.damm.bench.server;

import dev.damm.bench.store.BenchPostgres;
import dev.damm.bench.store.PgbenchRunner;
import dev.damm.core.enroll.InstallPassService;
import dev.damm.core.enroll.Secrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Enrollments per second over HTTP on PostgreSQL against pgbench running DAMM's own enrollment
 * SQL on the same server, in one run. The reference server runs in this process on the
 * PostgreSQL ({@code --jdbc-url}); a tier, an egress pool and gateways are set up over its admin
 * API; passes are minted in bulk beforehand (hashed as the server hashes them, written in one
 * statement per 1,000); then {@code --clients} threads each POST enrollments with fresh keys
 * (java.net.http, keep-alive) for {@code --duration} seconds after a warm-up, latency into
 * HdrHistogram. pgbench runs the store's lookup query and its write function
 * ({@link EnrollmentSql}) with as many clients, prepared, before and after the HTTP run (the
 * ratio takes their mean, so drift weighs on both sides alike), and then its one-row INSERT for
 * reference. fsync and synchronous_commit are on, as in production.
 *
 * <p>Run: {@code java -cp 'damm-bench/target/damm-bench.jar:damm-bench/target/lib/*'
 * dev.damm.bench.server.HttpEnrollVsPgbench [--duration 20] [--clients 8]}; {@code --smoke}
 * proves the harness in seconds. Needs pgbench (Debian package postgresql).
 */
@Command(name = "http-enroll-vs-pgbench", mixinStandardHelpOptions = true,
        description = "Enrollments/s over HTTP on PostgreSQL vs pgbench running DAMM's enrollment SQL.")
public final class HttpEnrollVsPgbench implements Callable<Integer> {
    @Option(names = "--duration", description = "Measured seconds of each side (default ${DEFAULT-VALUE}).", defaultValue = "20")
    int duration;
    @Option(names = "--warmup", description = "Unmeasured seconds before the HTTP run (default ${DEFAULT-VALUE}).", defaultValue = "8")
    int warmup;
    @Option(names = "--clients", description = "HTTP client threads and pgbench clients (default ${DEFAULT-VALUE}).", defaultValue = "8")
    int clients;
    @Option(names = "--gateways", description = "Gateways of the region (default ${DEFAULT-VALUE}).", defaultValue = "4")
    int gateways;
    @Option(names = "--passes", description = "Passes minted for the HTTP side (default ${DEFAULT-VALUE}).", defaultValue = "150000")
    int passes;
    @Option(names = "--pgbench-passes", description = "Passes seeded for pgbench's two runs (default ${DEFAULT-VALUE}).", defaultValue = "400000")
    long pgbenchPasses;
    @Option(names = "--server-config", description = "Properties over bench-server.properties.")
    Path serverConfig;
    @Option(names = "--smoke", description = "Tiny sizes, to prove the harness end to end in seconds.")
    boolean smoke;

    public static void main(String[] args) {
        BenchLogging.quiet();
        System.exit(new CommandLine(new HttpEnrollVsPgbench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (smoke) {
            duration = 3;
            warmup = 1;
            gateways = 2;
            passes = 20_000;
            pgbenchPasses = 40_000;
        }
        Path dir = Files.createTempDirectory("damm-bench-enroll");
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        try (BenchPostgres pg = BenchPostgres.start();
                BenchServer server = BenchServer.start(dir.resolve("data"), Optional.of(pg.dammUrl()), serverConfig)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            Fleet fleet = new Fleet(http, server.baseUrl(), server.adminToken());
            fleet.tierAndEgress(100_000_000);
            List<Fleet.Gateway> gws = fleet.gateways(gateways, 2);
            // Gateways stay live (a placement needs a heartbeat within the last 90 s), as real ones heartbeat.
            beats.scheduleAtFixedRate(() -> gws.forEach(g -> {
                try {
                    fleet.heartbeat(g);
                } catch (Exception e) {
                    System.err.println("heartbeat failed: " + e);
                }
            }), 30, 30, TimeUnit.SECONDS);
            List<String> secrets = mintPasses(pg, passes);
            AtomicInteger nextPass = new AtomicInteger();
            // A second of enrollments before anything is measured: their rows are the template of pgbench's.
            Side first = enroll(http, server.baseUrl(), secrets, nextPass, 1, 0, 1);
            if (first.ok() == 0) {
                throw new IllegalStateException("no enrollment over HTTP succeeded: " + first.statuses());
            }
            String script;
            try (Connection c = pg.connectDamm()) {
                script = EnrollmentSql.script(EnrollmentSql.template(c));
                EnrollmentSql.seedPasses(c, Fleet.TIER, pgbenchPasses);
            }
            Path scriptFile = Report.dir().resolve("http-enroll-vs-pgbench.sql");
            Files.writeString(scriptFile, script);
            System.out.println("pgbench's enrollment script: " + scriptFile.toAbsolutePath());
            PgbenchRunner.psql(pg.port(), "pgbench", PgbenchRunner.ONE_ROW_TABLE);
            System.out.printf(Locale.ROOT, "PostgreSQL on port %d (fsync=%s, synchronous_commit=%s); %d clients; %d s per side, %d s HTTP warm-up%n",
                    pg.port(), pg.fsync(), pg.syncCommit(), clients, duration, warmup);

            PgbenchRunner.Result before = PgbenchRunner.run(pg.port(), "damm", clients, duration, script, true);
            Side httpSide = enroll(http, server.baseUrl(), secrets, nextPass, clients, warmup, duration);
            PgbenchRunner.Result after = PgbenchRunner.run(pg.port(), "damm", clients, duration, script, true);
            PgbenchRunner.Result insert = PgbenchRunner.run(pg.port(), "pgbench", clients, duration, PgbenchRunner.ONE_ROW_INSERT, true);
            double pgbenchTps = (before.tps() + after.tps()) / 2;
            double ratio = httpSide.rate() / pgbenchTps;
            double p99 = Latency.ms(httpSide.latency(), 99);

            Report report = new Report("http-enroll-vs-pgbench").setup("clients", clients).setup("seconds per side", duration)
                    .setup("postgresql", "fsync=" + pg.fsync() + ", synchronous_commit=" + pg.syncCommit()).setup("gateways", gateways)
                    .setup("cores", Runtime.getRuntime().availableProcessors());
            report.row("HTTP POST /v1/devices (server in-process)", row(httpSide.rate(), Latency.ms(httpSide.latency(), 50), p99,
                    httpSide.ok(), httpSide.failures(), ratio));
            report.row("pgbench DAMM enrollment SQL, before", row(before.tps(), before.p50Ms(), before.p99Ms(), before.transactions(), 0,
                    before.tps() / pgbenchTps));
            report.row("pgbench DAMM enrollment SQL, after", row(after.tps(), after.p50Ms(), after.p99Ms(), after.transactions(), 0,
                    after.tps() / pgbenchTps));
            report.row("pgbench one-row INSERT (reference)", row(insert.tps(), insert.p50Ms(), insert.p99Ms(), insert.transactions(), 0,
                    insert.tps() / pgbenchTps));
            report.goal("HTTP enrollments/s >= 0.5 x pgbench (DAMM's SQL, mean of before and after)",
                    String.format(Locale.ROOT, "%.2f x", ratio), ratio >= 0.5);
            report.goal("HTTP enrollment p99 <= 20 ms", String.format(Locale.ROOT, "%.2f ms", p99), p99 <= 20);
            report.goal("no failed enrollment", httpSide.failures() + " failed", httpSide.failures() == 0);
            report.finish();
        } finally {
            beats.shutdownNow();
        }
        return 0;
    }

    private static Map<String, Object> row(double rate, double p50, double p99, long done, long failed, double ratio) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("per s", rate);
        m.put("p50 ms", p50);
        m.put("p99 ms", p99);
        m.put("done", done);
        m.put("failed", failed);
        m.put("x pgbench", ratio);
        return m;
    }

    /**
     * Passes minted in bulk: secrets made and hashed as {@code InstallPassService} makes them,
     * written straight into the store's table (minting through the admin API is one transaction per
     * pass, minutes for this many).
     */
    static List<String> mintPasses(BenchPostgres pg, int count) throws Exception {
        SecureRandom random = new SecureRandom();
        List<String> secrets = new ArrayList<>(count);
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp expires = Timestamp.from(Instant.now().plus(Duration.ofDays(1)));
        try (Connection c = pg.connectDamm(); PreparedStatement ps = c.prepareStatement("INSERT INTO install_passes (id, secret_hash, tier_id, "
                + "created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?, 'bench')")) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                String secret = Secrets.newSecret(random, InstallPassService.PREFIX);
                secrets.add(secret);
                ps.setString(1, Secrets.newId(random, "pass_"));
                ps.setBytes(2, Secrets.hash(secret));
                ps.setString(3, Fleet.TIER);
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, expires);
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        return secrets;
    }

    record Side(long ok, long failures, double seconds, Histogram latency, Map<Integer, Long> statuses) {
        double rate() {
            return ok / seconds;
        }
    }

    /** {@code threads} clients enrolling back to back: {@code warmup} seconds unmeasured, then {@code seconds} measured. */
    static Side enroll(HttpClient http, String base, List<String> secrets, AtomicInteger next, int threads, int warmup, int seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<Future<Histogram>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            jobs.add(pool.submit(() -> {
                Histogram h = Latency.histogram();
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    int i = next.getAndIncrement();
                    if (i >= secrets.size()) {
                        System.err.println("out of passes before the end; raise --passes");
                        break;
                    }
                    String body = "{\"installPass\":\"" + secrets.get(i) + "\",\"publicKey\":\"" + Fleet.randomKey()
                            + "\",\"name\":\"bench\",\"region\":\"" + Fleet.REGION + "\"}";
                    int status;
                    try {
                        status = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/devices")).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (java.io.IOException e) {
                        status = -1;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= warmupEnd && t1 <= end) {
                        statuses.merge(status, 1L, Long::sum);
                        if (status == 201) {
                            ok.incrementAndGet();
                            Latency.record(h, t1 - t0);
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }
                return h;
            }));
        }
        Histogram all = Latency.histogram();
        for (Future<Histogram> f : jobs) {
            all.add(f.get());
        }
        pool.shutdown();
        if (failed.get() > 0) {
            System.err.println("enrollment answers by status: " + statuses);
        }
        return new Side(ok.get(), failed.get(), seconds, all, statuses);
    }
}
