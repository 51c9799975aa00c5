package dev.damm.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.spi.JdbiPlugin;

/**
 * The store's Jdbi: one instance per store, configured once, whose handles run on the
 * connection of the transaction that opens them. The transaction owns that connection (the store
 * commits, rolls back and closes it), so a handle never closes it and never ends a transaction.
 */
final class JdbiSupport {
    /** The connection the handle being opened on this thread is to use. */
    private static final ThreadLocal<Connection> OPENING = new ThreadLocal<>();

    private final Jdbi jdbi;

    JdbiSupport() {
        jdbi = Jdbi.create(new org.jdbi.v3.core.ConnectionFactory() {
            @Override
            public Connection openConnection() {
                Connection c = OPENING.get();
                if (c == null) {
                    throw new IllegalStateException("store: a Jdbi handle is opened only on a running transaction's connection");
                }
                return c;
            }

            @Override
            public void closeConnection(Connection c) {
                // The transaction's: JdbcStore closes it.
            }
        });
        // The store commits and rolls back on the connection; the handle must not end (or
        // complain about) a transaction it did not begin.
        jdbi.getConfig(Handles.class).setForceEndTransactions(false);
        jdbi.installPlugin(new JdbiPlugin() {
            @Override
            public void customizeJdbi(Jdbi j) {
                j.registerArgument(new InstantArgument());
            }
        });
    }

    /** A handle on {@code connection}; closing it leaves the connection and its transaction as they are. */
    Handle open(Connection connection) {
        OPENING.set(connection);
        try {
            return jdbi.open();
        } finally {
            OPENING.remove();
        }
    }

    /**
     * Instants as TIMESTAMP WITH TIME ZONE at the store's microsecond precision, as a UTC offset
     * date-time (what both drivers read back unchanged, whatever the JVM's time zone); null as a
     * typed null when bound by type.
     */
    private static final class InstantArgument extends AbstractArgumentFactory<Instant> {
        InstantArgument() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) -> Rows.instant(statement, position, value);
        }
    }

    /** The SQL failure behind a Jdbi exception, if any. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }
}
