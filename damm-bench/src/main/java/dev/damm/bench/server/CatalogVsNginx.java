package dev.damm.bench.server;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Catalog fetches per second through the reference server against nginx serving the same bytes,
 * both measured by {@code wrk} with the same threads, connections and duration, in one run. The
 * server runs in this process (H2 store; a catalog is served from precomputed bytes whatever the
 * store), with a tier and gateways set up over its admin API so that a catalog is published;
 * its bytes are fetched once and written where a child nginx serves them. The runs alternate,
 * server then nginx, for {@code --rounds} rounds, so drift in the machine's other load weighs on
 * both alike; after a warm-up run of each (JIT compilation, nginx's file cache).
 *
 * <p>Run: {@code java -cp 'damm-bench/target/damm-bench.jar:damm-bench/target/lib/*'
 * dev.damm.bench.server.CatalogVsNginx [--duration 30] [--rounds 2]}; {@code --smoke} proves the
 * harness in seconds. Needs {@code wrk} and {@code nginx} on PATH.
 */
@Command(name = "catalog-vs-nginx", mixinStandardHelpOptions = true, description = "Catalog fetches/s: server vs nginx, both with wrk.")
public final class CatalogVsNginx implements Callable<Integer> {
    @Option(names = "--duration", description = "Seconds per measured wrk run (default ${DEFAULT-VALUE}).", defaultValue = "30")
    int duration;
    @Option(names = "--rounds", description = "Server/nginx pairs of runs (default ${DEFAULT-VALUE}).", defaultValue = "2")
    int rounds;
    @Option(names = "--warmup", description = "Seconds of the unmeasured first run of each (default ${DEFAULT-VALUE}).", defaultValue = "10")
    int warmup;
    @Option(names = "--threads", description = "wrk threads (default ${DEFAULT-VALUE}).", defaultValue = "2")
    int threads;
    @Option(names = "--connections", description = "wrk connections (default ${DEFAULT-VALUE}).", defaultValue = "32")
    int connections;
    @Option(names = "--gateways", description = "Gateways in the catalog's region (default ${DEFAULT-VALUE}).", defaultValue = "16")
    int gateways;
    @Option(names = "--server-config", description = "Properties over bench-server.properties.")
    Path serverConfig;
    @Option(names = "--smoke", description = "Tiny sizes, to prove the harness end to end in seconds.")
    boolean smoke;

    public static void main(String[] args) {
        BenchLogging.quiet();
        System.exit(new CommandLine(new CatalogVsNginx()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (smoke) {
            duration = 2;
            rounds = 1;
            warmup = 1;
            gateways = 4;
        }
        Path dir = Files.createTempDirectory("damm-bench-catalog");
        try (BenchServer server = BenchServer.start(dir.resolve("data"), Optional.empty(), serverConfig)) {
            HttpClient http = HttpClient.newHttpClient();
            Fleet fleet = new Fleet(http, server.baseUrl(), server.adminToken());
            fleet.tierAndEgress(1_000_000);
            fleet.gateways(gateways, 2);
            HttpResponse<byte[]> cat = fleet.catalog();
            String contentType = cat.headers().firstValue("Content-Type").orElse("application/json");
            String cacheControl = cat.headers().firstValue("Cache-Control").orElse("public, max-age=3600");
            String etag = cat.headers().firstValue("ETag").orElse("\"damm\"");
            try (Nginx nginx = Nginx.serve(Fleet.catalogPath(), cat.body(), contentType, cacheControl, etag, dir)) {
                String damm = server.baseUrl() + Fleet.catalogPath();
                String static_ = nginx.url(Fleet.catalogPath());
                System.out.printf(Locale.ROOT, "catalog %d bytes; server %s, nginx %s; wrk -t%d -c%d, %d s x %d rounds after %d s warm-up%n",
                        cat.body().length, damm, static_, threads, connections, duration, rounds, warmup);
                Wrk.run(damm, threads, connections, warmup);
                Wrk.run(static_, threads, connections, warmup);
                Report report = new Report("catalog-vs-nginx").setup("catalog bytes", cat.body().length)
                        .setup("wrk", "-t" + threads + " -c" + connections + " -d" + duration + "s --latency, " + rounds + " rounds A/B")
                        .setup("cores", Runtime.getRuntime().availableProcessors()).setup("gateways", gateways);
                double dammSum = 0;
                double nginxSum = 0;
                double dammP50 = 0;
                double dammP99 = 0;
                double nginxP50 = 0;
                double nginxP99 = 0;
                for (int r = 1; r <= rounds; r++) {
                    Wrk.Run a = Wrk.run(damm, threads, connections, duration);
                    report.row("server, round " + r, figures(a));
                    Wrk.Run b = Wrk.run(static_, threads, connections, duration);
                    report.row("nginx, round " + r, figures(b));
                    dammSum += a.rps();
                    nginxSum += b.rps();
                    dammP50 = Math.max(dammP50, a.p50Ms());
                    dammP99 = Math.max(dammP99, a.p99Ms());
                    nginxP50 = Math.max(nginxP50, b.p50Ms());
                    nginxP99 = Math.max(nginxP99, b.p99Ms());
                }
                double ratio = dammSum / nginxSum;
                Map<String, Object> mean = new LinkedHashMap<>();
                mean.put("req/s", dammSum / rounds);
                mean.put("p50 ms", dammP50);
                mean.put("p99 ms", dammP99);
                mean.put("x nginx", ratio);
                report.row("server, mean (worst p50/p99)", mean);
                Map<String, Object> nmean = new LinkedHashMap<>();
                nmean.put("req/s", nginxSum / rounds);
                nmean.put("p50 ms", nginxP50);
                nmean.put("p99 ms", nginxP99);
                nmean.put("x nginx", 1.0);
                report.row("nginx, mean (worst p50/p99)", nmean);
                report.goal("server catalog fetches/s >= 0.8 x nginx", String.format(Locale.ROOT, "%.2f x", ratio), ratio >= 0.8);
                report.finish();
            }
        }
        return 0;
    }

    private static Map<String, Object> figures(Wrk.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("req/s", r.rps());
        m.put("p50 ms", r.p50Ms());
        m.put("p99 ms", r.p99Ms());
        m.put("requests", r.requests());
        m.put("non-2xx", r.non2xx());
        m.put("socket errors", r.socketErrors());
        return m;
    }
}
