package dev.damm.bench.server;

import dev.damm.bench.store.BenchPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scale: the reference server on a PostgreSQL holding a million devices and ten thousand
 * gateways, under a mixed load at constant arrival rates ({@link OpenLoop}) from this process:
 * every gateway heartbeating every 30 s and polling its admission set every 10 s (naming the
 * serial it holds, so steady-state polls are deltas or 304), catalog fetches, and enrollments with
 * fresh passes and keys. Gateways are provisioned and registered over the admin and gateway API
 * (each uses the credential registration answers, else its token); devices are seeded in SQL
 * ({@link ScaleSeed}). Per route: the rate achieved, p50/p99/max from when each request was due,
 * failures; goal p99 under 50 ms on every route, on this machine with the load generator on it.
 *
 * <p>Run: {@code java -cp 'damm-bench/target/damm-bench.jar:damm-bench/target/lib/*'
 * dev.damm.bench.server.ScaleMixedLoad} (the full sizes are the defaults); {@code --smoke} proves
 * the harness in seconds (10,000 devices, 100 gateways, 10 s).
 */
@Command(name = "scale-mixed-load", mixinStandardHelpOptions = true, description = "Per-route latency under a mixed load at scale.")
public final class ScaleMixedLoad implements Callable<Integer> {
    @Option(names = "--devices", description = "Devices seeded (default ${DEFAULT-VALUE}).", defaultValue = "1000000")
    long devices;
    @Option(names = "--gateways", description = "Gateways registered (default ${DEFAULT-VALUE}).", defaultValue = "10000")
    int gateways;
    @Option(names = "--regions", description = "Regions the gateways and devices are spread over; a gateway's admission set holds its "
            + "region's devices (default ${DEFAULT-VALUE}).", defaultValue = "50")
    int regions;
    @Option(names = "--prime", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Each gateway fetches its full admission set before the load, so measured polls are the steady state (default on).")
    boolean prime;
    @Option(names = "--duration", description = "Measured seconds (default ${DEFAULT-VALUE}).", defaultValue = "120")
    int duration;
    @Option(names = "--warmup", description = "Seconds of load before measuring; at least one admission poll period (default ${DEFAULT-VALUE}).",
            defaultValue = "15")
    int warmup;
    @Option(names = "--heartbeat-every", description = "Seconds between a gateway's heartbeats (default ${DEFAULT-VALUE}).", defaultValue = "30")
    int heartbeatEvery;
    @Option(names = "--poll-every", description = "Seconds between a gateway's admission polls (default ${DEFAULT-VALUE}).", defaultValue = "10")
    int pollEvery;
    @Option(names = "--catalog-rate", description = "Catalog fetches per second (default ${DEFAULT-VALUE}).", defaultValue = "2000")
    double catalogRate;
    @Option(names = "--enroll-rate", description = "Enrollments per second (default ${DEFAULT-VALUE}).", defaultValue = "100")
    double enrollRate;
    @Option(names = "--max-outstanding", description = "Requests in flight per route at most (default ${DEFAULT-VALUE}).", defaultValue = "2000")
    int maxOutstanding;
    @Option(names = "--setup-threads", description = "Threads registering gateways (default ${DEFAULT-VALUE}).", defaultValue = "4")
    int setupThreads;
    @Option(names = "--server-config", description = "Properties over bench-server.properties.")
    Path serverConfig;
    @Option(names = "--smoke", description = "Tiny sizes: 10,000 devices, 100 gateways, 10 s, a tenth of the catalog and enrollment rates.")
    boolean smoke;

    private static final Pattern SERIAL = Pattern.compile("serial=([0-9]+)");

    public static void main(String[] args) {
        BenchLogging.quiet();
        System.exit(new CommandLine(new ScaleMixedLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (smoke) {
            devices = 10_000;
            gateways = 100;
            regions = 2;
            duration = 10;
            warmup = 3;
            catalogRate = 200;
            enrollRate = 10;
        }
        Path dir = Files.createTempDirectory("damm-bench-scale");
        try (BenchPostgres pg = BenchPostgres.start();
                BenchServer server = BenchServer.start(dir.resolve("data"), Optional.of(pg.dammUrl()), serverConfig)) {
            String base = server.baseUrl();
            HttpClient setup = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            Fleet fleet = new Fleet(setup, base, server.adminToken(), regions);
            fleet.tierAndEgress((int) Math.min(Integer.MAX_VALUE, devices * 2 + 1_000_000));
            long t0 = System.nanoTime();
            List<Fleet.Gateway> gws = fleet.gateways(gateways, setupThreads);
            System.out.printf(Locale.ROOT, "registered %,d gateways in %.1f s%n", gateways, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            try (Connection c = pg.connectDamm()) {
                ScaleSeed.devices(c, devices, gws, BenchServer.addressPool(BenchServer.settings(serverConfig)));
            }
            System.out.printf(Locale.ROOT, "seeded %,d devices in %.1f s%n", devices, (System.nanoTime() - t0) / 1e9);
            int passCount = (int) Math.ceil(enrollRate * (warmup + duration) * 1.1) + 100;
            List<String> passes = HttpEnrollVsPgbench.mintPasses(pg, passCount);
            for (String region : fleet.regions()) {
                fleet.catalog(region); // published once before the load, as a running server would have
            }

            ExecutorService io = Executors.newFixedThreadPool(4, daemon("bench-http"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(io)
                    .build();
            AtomicLongArray held = new AtomicLongArray(gws.size());
            for (int i = 0; i < gws.size(); i++) {
                held.set(i, -1);
            }
            // Gateways that have been running hold a set already: each fetches its full set once before
            // the load, so the polls measured are the steady state (a delta or 304 from the serial held).
            if (prime) {
                t0 = System.nanoTime();
                prime(setup, fleet, gws, held);
                System.out.printf(Locale.ROOT, "each gateway fetched its full admission set in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            AtomicInteger nextPass = new AtomicInteger();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
            long end = measureFrom + TimeUnit.SECONDS.toNanos(duration);
            List<URI> catalogs = fleet.regions().stream().map(r -> URI.create(base + Fleet.catalogPath(r))).toList();
            List<OpenLoop> loops = new ArrayList<>();
            loops.add(new OpenLoop("POST /v1/gateways/heartbeat", (double) gateways / heartbeatEvery, http,
                    k -> fleet.heartbeatRequest(gws.get((int) (k % gws.size()))), (k, r) -> r.statusCode() == 200, start, measureFrom, end,
                    maxOutstanding));
            loops.add(new OpenLoop("GET /v1/gateways/admission", (double) gateways / pollEvery, http, k -> {
                int i = (int) (k % gws.size());
                long serial = held.get(i);
                return fleet.gatewayRequest("/v1/gateways/admission" + (serial < 0 ? "" : "?since=" + serial), gws.get(i).credential()).GET().build();
            }, (k, r) -> {
                if (r.statusCode() != 200 && r.statusCode() != 304) {
                    return false;
                }
                Matcher m = SERIAL.matcher(r.headers().firstValue("X-Damm-Admission").orElse(""));
                if (m.find()) {
                    held.set((int) (k % gws.size()), Long.parseLong(m.group(1)));
                }
                return true;
            }, start, measureFrom, end, maxOutstanding));
            loops.add(new OpenLoop("GET /v1/catalogs/{region}/{tier}", catalogRate, http,
                    k -> HttpRequest.newBuilder(catalogs.get((int) (k % catalogs.size()))).timeout(Duration.ofSeconds(30)).GET().build(), (k, r) -> r.statusCode() == 200,
                    start, measureFrom, end, maxOutstanding));
            loops.add(new OpenLoop("POST /v1/devices", enrollRate, http, k -> {
                int i = nextPass.getAndIncrement();
                if (i >= passes.size()) {
                    return null;
                }
                return HttpRequest.newBuilder(URI.create(base + "/v1/devices")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"installPass\":\""
                                + passes.get(i) + "\",\"publicKey\":\"" + Fleet.randomKey() + "\",\"region\":\"" + fleet.regions().get(i % regions)
                                + "\"}")).build();
            }, (k, r) -> r.statusCode() == 201, start, measureFrom, end, maxOutstanding));

            System.out.printf(Locale.ROOT, "load: %d s warm-up + %d s measured; heartbeats %.0f/s, admission polls %.0f/s, catalogs %.0f/s, "
                    + "enrollments %.0f/s%n", warmup, duration, loops.get(0).rate, loops.get(1).rate, catalogRate, enrollRate);
            List<Thread> pacers = new ArrayList<>();
            for (OpenLoop l : loops) {
                Thread t = new Thread(l, "pacer " + l.route);
                t.setDaemon(true);
                t.start();
                pacers.add(t);
            }
            for (Thread t : pacers) {
                t.join();
            }
            // Answers still in flight at the end count too (their latency is from when they were due);
            // a request not answered within its 30 s timeout fails.
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
            while (loops.stream().anyMatch(l -> l.sent.get() > l.ok.get() + l.failed.get()) && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }

            Report report = new Report("scale-mixed-load").setup("devices", devices).setup("gateways", gateways).setup("regions", regions)
                    .setup("seconds", duration + " measured after " + warmup + " of warm-up")
                    .setup("postgresql", "fsync=" + pg.fsync() + ", synchronous_commit=" + pg.syncCommit())
                    .setup("cores", Runtime.getRuntime().availableProcessors() + " (server, PostgreSQL and load generator)");
            boolean allMet = true;
            StringBuilder worst = new StringBuilder();
            for (OpenLoop l : loops) {
                Histogram h = l.latency.getIntervalHistogram();
                double p99 = Latency.ms(h, 99);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("target /s", l.rate);
                m.put("done /s", l.ok.get() / (double) duration);
                m.put("p50 ms", Latency.ms(h, 50));
                m.put("p99 ms", p99);
                m.put("max ms", h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0);
                long unanswered = l.sent.get() - l.ok.get() - l.failed.get();
                m.put("failed", l.failed.get() + unanswered);
                m.put("not sent (generator full)", l.dropped.get());
                m.put("statuses", l.statuses.toString());
                report.row(l.route, m);
                boolean met = h.getTotalCount() > 0 && p99 < 50 && l.failed.get() + unanswered == 0 && l.dropped.get() == 0;
                allMet &= met;
                report.goal(l.route + ": p99 < 50 ms, nothing failed", String.format(Locale.ROOT, "%.2f ms, %d failed, %d not sent", p99,
                        l.failed.get() + unanswered, l.dropped.get()), met);
                worst.append(l.route).append(' ').append(String.format(Locale.ROOT, "%.1f", p99)).append(" ms; ");
            }
            report.goal("every route p99 < 50 ms", worst.toString().strip(), allMet);
            report.finish();
            io.shutdownNow();
        }
        return 0;
    }

    private void prime(HttpClient http, Fleet fleet, List<Fleet.Gateway> gws, AtomicLongArray held) throws Exception {
        long primeStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(setupThreads);
        try {
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < gws.size(); i++) {
                int n = i;
                jobs.add(pool.submit(() -> {
                    HttpResponse<String> r = null;
                    // A poll that races the loop's own publication for the gateway can be refused (409); a gateway tries again.
                    for (int attempt = 0; attempt < 10 && (r == null || r.statusCode() == 409); attempt++) {
                        if (r != null) {
                            conflicts.incrementAndGet();
                            Thread.sleep(200);
                        }
                        r = http.send(fleet.gatewayRequest("/v1/gateways/admission", gws.get(n).credential()).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                    }
                    Fleet.expect(r, 200);
                    Matcher m = SERIAL.matcher(r.headers().firstValue("X-Damm-Admission").orElse(""));
                    if (m.find()) {
                        held.set(n, Long.parseLong(m.group(1)));
                    }
                    int done = primed.incrementAndGet();
                    if (done % Math.max(1, gws.size() / 10) == 0) {
                        double spent = (System.nanoTime() - primeStart) / 1e9;
                        System.out.printf(Locale.ROOT, "  %,d of %,d gateways hold their admission set (%.0f s, about %.0f s to go)%n", done,
                                gws.size(), spent, spent / done * (gws.size() - done));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        if (conflicts.get() > 0) {
            System.out.println("admission polls refused with 409 while priming (then retried): " + conflicts.get());
        }
    }

    private final AtomicInteger primed = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong conflicts = new java.util.concurrent.atomic.AtomicLong();

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
