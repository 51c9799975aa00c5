package dev.damm.bench.store;

import dev.damm.store.jdbc.JdbcStore;
import dev.damm.store.jdbc.JdbcStoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL side of an enrollment write goes: server CPU per call of
 * {@code damm_enroll} (decides every item) and of {@code damm_enroll_unrefused} (writes a batch
 * nothing refuses, leaving the checks to constraints; what a normal batch runs) for batches of 1
 * and 8 enrollments, against the same rows written by the barest SQL that can write them (one
 * multi-row statement per table, no rule checked, nothing locked), each minus a baseline that
 * builds the same arguments and writes nothing. pgbench drives one client with prepared statements, so only server CPU is counted:
 * no JVM, no JDBC. {@code synchronous_commit} is off here (fsync on) so that each figure is the
 * statements' CPU and not the commit's wait for the disk; the commit's CPU is in both.
 *
 * <p>It answers one question for the enrollment-throughput goal (docs/benchmarks.md): how much of
 * a batch's cost is per batch and how much per enrollment, for the rules as written and for no
 * rules at all. Settings: {@code bench.seconds} per measurement (5), {@code bench.batches} (batch sizes, {@code 1,8}).
 * Run: {@code java -cp 'damm-bench/target/damm-bench.jar:damm-bench/target/lib/*'
 * dev.damm.bench.store.EnrollmentWriteCost}. Needs {@code pgbench} (Debian package postgresql).
 */
public final class EnrollmentWriteCost {
    private static final Pattern DONE = Pattern.compile("number of transactions actually processed: ([0-9]+)");
    /** Upper bound of calls per second of one client, for sizing the passes each run needs. */
    private static final int MAX_CALLS_PER_SECOND = 5_000;

    private EnrollmentWriteCost() {}

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        Path pgbench = EnrollmentVsPgbench.findPgbench();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "off");
        try (EmbeddedPostgres pg = builder.start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE damm");
            }
            String url = pg.getJdbcUrl("postgres", "damm");
            try (JdbcStore store = JdbcStore.open(JdbcStoreConfig.builder(url).user("postgres").poolSize(2).build())) {
                BenchData.seedFleet(store, Instant.now());
            }
            CpuMeter meter = CpuMeter.forPostgres(pg.getPort());
            if (meter == null) {
                throw new IllegalStateException("cannot read the server's CPU time from /proc");
            }
            Path dir = Files.createTempDirectory("damm-write-cost");
            psql(pgbench, pg.getPort(), dir, "CREATE SEQUENCE bench_seq; " + NOOP_FUNCTION);
            System.out.printf(Locale.ROOT, "PostgreSQL on port %d, fsync=on, synchronous_commit=off, one pgbench client (prepared), %d s each%n",
                    pg.getPort(), seconds);
            System.out.println("server CPU, minus a baseline that builds the same arguments and writes nothing:");
            long next = 1;
            long expected = 0;
            // A discarded round first, then ANALYZE: a plan made while the tables were empty is
            // another plan (see docs/benchmarks.md), and each pgbench run is a new connection.
            for (String batch : ("8," + System.getProperty("bench.batches", "1,8")).split(",")) {
                int n = Integer.parseInt(batch.strip());
                boolean warmup = next == 1;
                long calls = (long) seconds * MAX_CALLS_PER_SECOND;
                // Passes for every enrollment the runs below can reach, each run in a range no other run touches.
                psql(pgbench, pg.getPort(), dir, "INSERT INTO install_passes (id, secret_hash, tier_id, created_at, expires_at, created_by) "
                        + "SELECT 'pass-' || g, sha256(g::text::bytea), '" + BenchData.TIER.value() + "', now(), now() + interval '7 days', 'bench' "
                        + "FROM generate_series(" + next + ", " + (next + 3 * n * calls - 1) + ") g");
                psql(pgbench, pg.getPort(), dir, "VACUUM ANALYZE");
                long[] written = new long[1];
                double base = cpuPerCall(new long[1], pgbench, pg.getPort(), dir, meter, next, n, script(ENROLL.replace("damm_enroll(", "bench_noop("), n));
                double enroll = cpuPerCall(written, pgbench, pg.getPort(), dir, meter, next, n, script(ENROLL, n));
                next += n * calls;
                double byConstraints = cpuPerCall(written, pgbench, pg.getPort(), dir, meter, next, n, script(BY_CONSTRAINTS, n));
                next += n * calls;
                double writesBase = cpuPerCall(new long[1], pgbench, pg.getPort(), dir, meter, next, n, script(WRITES_BASELINE, n));
                double writes = cpuPerCall(written, pgbench, pg.getPort(), dir, meter, next, n, script(WRITES, n));
                next += n * calls;
                expected += written[0] * n;
                if (warmup) {
                    psql(pgbench, pg.getPort(), dir, "ANALYZE");
                    System.out.printf(Locale.ROOT, "  (warm-up round, batch of %d, on empty tables: damm_enroll %.0f us per call; not counted)%n", n, enroll);
                    continue;
                }
                System.out.printf(Locale.ROOT, "  batch of %d, server CPU per enrollment: damm_enroll %.0f us (%.0f per call); "
                        + "damm_enroll_unrefused %.0f us (%.0f per call); bare writes %.0f us (%.0f per batch)%n",
                        n, (enroll - base) / n, enroll - base, (byConstraints - base) / n, byConstraints - base,
                        (writes - writesBase) / n, writes - writesBase);
            }
            long rows = Long.parseLong(psql(pgbench, pg.getPort(), dir, "SELECT count(*) FROM devices").strip());
            if (rows != expected) {
                throw new IllegalStateException("expected " + expected + " devices (every call enrolling its whole batch), found " + rows);
            }
            System.out.printf(Locale.ROOT, "devices written: %,d, as expected (every call enrolled its whole batch)%n", rows);
        }
    }

    /** Server CPU microseconds per pgbench transaction of {@code script}; counts the transactions in {@code calls}. */
    private static double cpuPerCall(long[] calls, Path pgbench, int port, Path dir, CpuMeter meter, long firstItem, int n, String script) throws Exception {
        Path file = dir.resolve("s.sql");
        Files.writeString(file, script, StandardCharsets.US_ASCII);
        psql(pgbench, port, dir, "SELECT setval('bench_seq', " + Math.max(1, firstItem / n + 1) + ", false)");
        CpuMeter.Reading start = meter.read();
        String out = EnrollmentVsPgbench.run(List.of(pgbench.toString(), "-n", "-c", "1", "-j", "1", "-M", "prepared", "-T",
                Integer.toString(Integer.getInteger("bench.seconds", 5)), "-f", file.toString(), "-h", "localhost", "-p", Integer.toString(port),
                "-U", "postgres", "damm"), dir);
        CpuMeter.Reading used = meter.read().minus(start);
        Matcher m = DONE.matcher(out);
        if (!m.find() || out.contains("aborted")) {
            throw new IllegalStateException("pgbench failed: " + out);
        }
        calls[0] += Long.parseLong(m.group(1));
        return used.postgresNanos() / 1e3 / Long.parseLong(m.group(1));
    }

    private static String psql(Path pgbench, int port, Path dir, String sql) throws Exception {
        Path psql = pgbench.resolveSibling("psql");
        return EnrollmentVsPgbench.run(List.of(Files.isExecutable(psql) ? psql.toString() : "psql", "-X", "-At", "-v", "ON_ERROR_STOP=1",
                "-h", "localhost", "-p", Integer.toString(port), "-U", "postgres", "-d", "damm", "-c", sql), dir);
    }

    /** The batch's items are {@code b .. b+n-1}, b from the sequence: pgbench's prepared mode needs no parameters then. */
    private static String script(String body, int n) {
        String items = "generate_series(currval('bench_seq') * " + n + ", currval('bench_seq') * " + n + " + " + (n - 1) + ") g";
        return "SELECT nextval('bench_seq');\n" + body.replace("ITEMS", items).replace("TIER", BenchData.TIER.value())
                .replace("GATEWAY", BenchData.GATEWAY.value()).replace("REGION", BenchData.REGION.value()).replace("BATCH", Integer.toString(n));
    }

    // chr(58) is ':' (pgbench reads ":name" in a script as a variable).
    private static final String ENROLL_ARGS = """
            FUNCTION(
             ARRAY(SELECT sha256(g::text::bytea) FROM ITEMS),
             ARRAY(SELECT 'dev-' || g FROM ITEMS),
             ARRAY(SELECT 'dev-' || g FROM ITEMS),
             ARRAY(SELECT sha256(('k' || g)::bytea) FROM ITEMS),
             ARRAY(SELECT sha256(('c' || g)::bytea) FROM ITEMS),
             ARRAY(SELECT '["10.1.2.3/32","fd00' || chr(58) || chr(58) || '1/128"]' FROM ITEMS),
             ARRAY(SELECT 'GATEWAY' FROM ITEMS),
             ARRAY(SELECT 'GATEWAY-udp' FROM ITEMS),
             ARRAY(SELECT 'egress-bench' FROM ITEMS),
             ARRAY(SELECT NULL::text FROM ITEMS),
             ARRAY(SELECT 'TIER' FROM ITEMS),
             ARRAY(SELECT 'REGION' FROM ITEMS),
             ARRAY(SELECT 'DE' FROM ITEMS),
             ARRAY(SELECT 'ACTIVE' FROM ITEMS),
             ARRAY(SELECT NULL::text FROM ITEMS),
             ARRAY(SELECT 0::bigint FROM ITEMS),
             ARRAY(SELECT 0::bigint FROM ITEMS),
             ARRAY(SELECT 1::bigint FROM ITEMS),
             ARRAY(SELECT now() FROM ITEMS),
             ARRAY(SELECT now() FROM ITEMS),
             ARRAY(SELECT now() - interval '1 day' FROM ITEMS),
             ARRAY(SELECT now() + interval '1 day' FROM ITEMS),
             ARRAY(SELECT now() - interval '1 day' FROM ITEMS),
             ARRAY(SELECT (g - currval('bench_seq') * BATCH + 1)::int FROM ITEMS, generate_series(1, 2) x),
             ARRAY(SELECT 'bench-pool-' || x FROM ITEMS, generate_series(1, 2) x),
             ARRAY(SELECT g FROM ITEMS, generate_series(1, 2) x),
             ARRAY(SELECT 'pass' || chr(58) || 'pass-' || g FROM ITEMS),
             ARRAY(SELECT 'device.enroll' FROM ITEMS),
             ARRAY(SELECT 'device' || chr(58) || 'dev-' || g FROM ITEMS),
             ARRAY(SELECT NULL::text FROM ITEMS),
             ARRAY(SELECT repeat('x', 700) FROM ITEMS),
             (currval('bench_seq') % 16)::int)""";

    private static final String ENROLL = "SELECT count(*) FROM " + ENROLL_ARGS.replace("FUNCTION(", "damm_enroll(") + " WHERE outcome = 'ENROLLED';\n";

    private static final String BY_CONSTRAINTS = "SELECT " + ENROLL_ARGS.replace("FUNCTION(", "damm_enroll_unrefused(") + ";\n";

    /** The baseline's function: damm_enroll's signature, no body worth the name. */
    private static final String NOOP_FUNCTION = """
            CREATE FUNCTION bench_noop(bytea[], text[], text[], bytea[], bytea[], text[], text[], text[], text[], text[], text[], text[],
                text[], text[], text[], bigint[], bigint[], bigint[], timestamptz[], timestamptz[], timestamptz[], timestamptz[],
                timestamptz[], int[], text[], bigint[], text[], text[], text[], text[], text[], int)
            RETURNS TABLE (item int, outcome text, expires_at timestamptz, session_limit int, claim int)
            LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 1, 'ENROLLED'::text, now(), 0, 0; END $$
            """;

    /** The same rows as an enrollment writes, in one transaction, nothing checked or locked first. */
    private static final String WRITES = """
            BEGIN;
            UPDATE install_passes SET used_at = now(), used_by = 'dev-' || id
              WHERE secret_hash = ANY (ARRAY(SELECT sha256(g::text::bytea) FROM ITEMS)) AND used_at IS NULL;
            INSERT INTO address_leases (pool_id, addr_offset, device_id, claimed_at)
              SELECT 'bench-pool-' || x, g, 'dev-' || g, now() FROM ITEMS, generate_series(1, 2) x;
            INSERT INTO devices (id, name, public_key, credential_hash, tunnel_addresses, gateway_id, front_door_id, egress_pool_id, tier_id,
                region, exit_country, state, rx_bytes, tx_bytes, trust_root_version, created_at, updated_at)
              SELECT 'dev-' || g, 'dev-' || g, sha256(('k' || g)::bytea), sha256(('c' || g)::bytea), '["10.1.2.3/32"]', 'GATEWAY',
                'GATEWAY-udp', 'egress-bench', 'TIER', 'REGION', 'DE', 'ACTIVE', 0, 0, 1, now(), now() FROM ITEMS;
            UPDATE tier_device_counts SET n = n + 1 WHERE tier_id = 'TIER' AND state = 'ACTIVE' AND stripe = currval('bench_seq') % 16;
            INSERT INTO audit_events (at, actor, action, target, after_json)
              SELECT now(), 'pass' || chr(58) || g, 'device.enroll', 'device' || chr(58) || g, repeat('x', 700) FROM ITEMS;
            COMMIT;
            """;

    private static final String WRITES_BASELINE = """
            BEGIN;
            SELECT count(*) FROM (SELECT sha256(g::text::bytea) FROM ITEMS) a;
            SELECT count(*) FROM (SELECT 'bench-pool-' || x, g, 'dev-' || g, now() FROM ITEMS, generate_series(1, 2) x) b;
            SELECT count(*) FROM (SELECT 'dev-' || g, sha256(('k' || g)::bytea), sha256(('c' || g)::bytea), now() FROM ITEMS) c;
            SELECT currval('bench_seq') % 16;
            SELECT count(*) FROM (SELECT now(), 'pass' || chr(58) || g, 'device' || chr(58) || g, repeat('x', 700) FROM ITEMS) d;
            COMMIT;
            """;
}
