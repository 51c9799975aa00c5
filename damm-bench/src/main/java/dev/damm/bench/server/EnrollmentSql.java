package dev.damm.bench.server;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * DAMM's own enrollment SQL as a pgbench script: the store's lookup query and the store's write
 * function ({@code damm_enroll_unrefused}, one enrollment per call), with the statement texts taken
 * from the store's classes themselves so that pgbench runs exactly what the store sends. Each
 * transaction takes a fresh number {@code n} from a sequence and enrolls device {@code pgb-n} with
 * the pass, key and credential derived from {@code n} (passes seeded beforehand), a lease in a
 * pool of its own (so it never meets the server's address blocks), on a live gateway of the
 * fleet, with the audit snapshot of a real enrollment.
 */
final class EnrollmentSql {
    private EnrollmentSql() {}

    /** The values a real enrollment over HTTP wrote, reused so that pgbench's rows are as large. */
    record Template(String gateway, String frontDoor, String egress, String tier, String region, String exit, String name, String actor,
            String action, String after) {}

    /** The first device enrolled over HTTP and its audit event. */
    static Template template(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT d.id, d.gateway_id, d.front_door_id, d.egress_pool_id, "
                + "d.tier_id, d.region, d.exit_country, d.name, a.actor, a.action, a.after_json FROM devices d JOIN audit_events a "
                + "ON a.target = 'device:' || d.id ORDER BY a.seq LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no device enrolled over HTTP to take the row shapes from");
            }
            return new Template(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
        }
    }

    /** {@code count} passes of {@code tier} for pgbench, numbered from 1, and the sequence that hands the numbers out. */
    static void seedPasses(Connection c, String tier, long count) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS damm_pgbench_n");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO install_passes (id, secret_hash, tier_id, created_at, expires_at, "
                    + "created_by) SELECT 'pgpass-' || g, sha256(convert_to('pgp' || g, 'UTF8')), ?, now(), now() + interval '1 day', 'pgbench' "
                    + "FROM generate_series(?::bigint, ?::bigint) g")) {
                long chunk = 100_000;
                for (long from = 1; from <= count; from += chunk) {
                    ps.setString(1, tier);
                    ps.setLong(2, from);
                    ps.setLong(3, Math.min(count, from + chunk - 1));
                    ps.executeUpdate();
                }
            }
            s.execute("ANALYZE install_passes");
        }
    }

    static String script(Template t) {
        // Every variable cast: a prepared statement's parameters get no type from their context here.
        String passHash = "sha256(convert_to('pgp' || :n::bigint, 'UTF8'))";
        String key = "sha256(convert_to('pgk' || :n::bigint, 'UTF8'))";
        String lookup = fill(constant("dev.damm.store.jdbc.JdbcStore", "LOOKUP_ENROLLMENT"), List.of(key, passHash));
        String id = "('pgb-' || :n::bigint)";
        List<String> args = List.of(
                "ARRAY[" + passHash + "]",
                "ARRAY[" + id + "]",
                "ARRAY[" + lit(t.name()) + "]",
                "ARRAY[" + key + "]",
                "ARRAY[sha256(convert_to('pgc' || :n::bigint, 'UTF8'))]",
                "ARRAY['[\"' || host('100.64.0.0'::inet + :n::bigint) || '/32\"]']",
                "ARRAY[" + lit(t.gateway()) + "]",
                "ARRAY[" + lit(t.frontDoor()) + "]",
                "ARRAY[" + lit(t.egress()) + "]",
                "ARRAY[NULL::text]",
                "ARRAY[" + lit(t.tier()) + "]",
                "ARRAY[" + lit(t.region()) + "]",
                "ARRAY[" + lit(t.exit()) + "]",
                "ARRAY['ACTIVE']",
                "ARRAY[NULL::text]",
                "ARRAY[0::bigint]",
                "ARRAY[0::bigint]",
                "ARRAY[1::bigint]",
                "ARRAY[now()]",
                "ARRAY[now()]",
                "ARRAY[now() - interval '90 seconds']",
                "ARRAY[now() + interval '5 minutes 1 millisecond']",
                "ARRAY[now() - interval '1 day']",
                "ARRAY[1]",
                "ARRAY[" + lit("v4:pgbench") + "]",
                "ARRAY[:n::bigint]",
                "ARRAY[" + lit(t.actor()) + "]",
                "ARRAY[" + lit(t.action()) + "]",
                "ARRAY['device:' || " + id + "]",
                "ARRAY[NULL::text]",
                "ARRAY[" + (t.after() == null ? "NULL::text" : lit(t.after())) + "]",
                ":stripe::int");
        String write = fill(constant("dev.damm.store.jdbc.PostgresEnrollments", "CALL_UNREFUSED"), args);
        // pgbench reads one statement per line.
        return "\\set stripe random(0, 15)\n"
                + "SELECT nextval('damm_pgbench_n') AS n \\gset\n"
                + lookup.replace('\n', ' ') + ";\n"
                + write.replace('\n', ' ') + ";\n";
    }

    /** Replaces the statement's {@code ?} placeholders, in order, with the expressions given. */
    static String fill(String sql, List<String> values) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '?') {
                if (next == values.size()) {
                    throw new IllegalStateException("the store's statement has more parameters than the bench fills: " + sql);
                }
                out.append(values.get(next++));
            } else {
                out.append(ch);
            }
        }
        if (next != values.size()) {
            throw new IllegalStateException("the store's statement has " + next + " parameters, the bench fills " + values.size() + ": " + sql);
        }
        return out.toString();
    }

    /** A text literal; one holding a colon goes in as base64, as pgbench would read {@code :word} in it as a variable. */
    private static String lit(String s) {
        if (s.indexOf(':') >= 0) {
            return "convert_from(decode('" + java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "', 'base64'), 'UTF8')";
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** A statement text of the store, read from its class: pgbench then runs what the store runs, whatever it becomes. */
    private static String constant(String className, String field) {
        try {
            Field f = Class.forName(className).getDeclaredField(field);
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + className + "." + field + " (" + e + ")", e);
        }
    }
}
