package dev.damm.bench.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs pgbench with a custom script against a local PostgreSQL and reads its figures. */
public final class PgbenchRunner {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern DONE = Pattern.compile("number of transactions actually processed: ([0-9]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*([0-9.]+)\\s+([0-9.]+)\\s*$", Pattern.MULTILINE);

    /** pgbench's reference transaction: one row into a table with one index. */
    public static final String ONE_ROW_INSERT = "\\set k random(1, 1000000000)\n"
            + "INSERT INTO bench_scratch (k, payload) VALUES (:k, 'damm-bench');\n";
    /** The table {@link #ONE_ROW_INSERT} writes, in database {@code pgbench}. */
    public static final String ONE_ROW_TABLE = "CREATE TABLE IF NOT EXISTS bench_scratch (id BIGSERIAL PRIMARY KEY, k BIGINT NOT NULL, "
            + "payload TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())";

    private PgbenchRunner() {}

    /**
     * pgbench's figures: transactions per second, the mean latency, the transactions done, its
     * whole output, and (when run with a per-transaction log) p50 and p99 latency in ms.
     */
    public record Result(double tps, double latencyAvgMs, long transactions, String output, double p50Ms, double p99Ms) {}

    /**
     * Runs {@code script} ({@code -M prepared}, {@code -n}: no vacuum of pgbench's own tables) with
     * {@code clients} clients on two threads for {@code seconds} against {@code database}; with
     * {@code logLatencies} it also writes pgbench's per-transaction log and computes p50/p99 from it.
     */
    public static Result run(int port, String database, int clients, int seconds, String script, boolean logLatencies)
            throws IOException, InterruptedException {
        Path pgbench = findPgbench();
        Path dir = Files.createTempDirectory("damm-pgbench");
        Path file = dir.resolve("script.sql");
        Files.writeString(file, script, StandardCharsets.US_ASCII);
        List<String> cmd = new ArrayList<>(List.of(pgbench.toString(), "-n", "-c", Integer.toString(clients), "-j", "2", "-M", "prepared",
                "-T", Integer.toString(seconds), "-f", file.toString(), "-h", "localhost", "-p", Integer.toString(port), "-U", "postgres"));
        if (logLatencies) {
            cmd.addAll(List.of("-l", "--log-prefix", dir.resolve("log").toString()));
        }
        cmd.add(database);
        String out = run(cmd, dir);
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("pgbench printed no tps line: " + out);
        }
        Matcher l = LATENCY.matcher(out);
        Matcher d = DONE.matcher(out);
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        if (logLatencies) {
            // Each line of the per-transaction log: client_id transaction_no time(us) script_no epoch epoch_us
            List<Long> us = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("log"))::iterator) {
                    for (String line : Files.readAllLines(p, StandardCharsets.US_ASCII)) {
                        String[] f = line.split(" ");
                        if (f.length >= 3) {
                            us.add(Long.parseLong(f[2]));
                        }
                    }
                }
            }
            long[] sorted = us.stream().mapToLong(Long::longValue).sorted().toArray();
            p50 = BenchData.percentileMicros(sorted, 0.50);
            p99 = BenchData.percentileMicros(sorted, 0.99);
        }
        return new Result(Double.parseDouble(m.group(1)), l.find() ? Double.parseDouble(l.group(1)) : Double.NaN,
                d.find() ? Long.parseLong(d.group(1)) : 0, out, p50, p99);
    }

    /** Runs a psql command ({@code -c sql}) against {@code database}. */
    public static String psql(int port, String database, String sql) throws IOException, InterruptedException {
        Path psql = findPgbench().resolveSibling("psql");
        Path dir = Files.createTempDirectory("damm-psql");
        return run(List.of(Files.isExecutable(psql) ? psql.toString() : "psql", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p",
                Integer.toString(port), "-U", "postgres", "-d", database, "-c", sql), dir);
    }

    static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        return EnrollmentVsPgbench.run(command, dir);
    }

    /** The versioned binary first: on Debian, PATH holds a wrapper that dispatches on its own name. */
    public static Path findPgbench() throws IOException {
        return EnrollmentVsPgbench.findPgbench();
    }
}
