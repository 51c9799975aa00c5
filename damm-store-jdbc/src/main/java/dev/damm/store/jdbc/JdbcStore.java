package dev.damm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.damm.core.model.AccessTier;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.EnrollmentLookup;
import dev.damm.core.store.EnrollmentOutcome;
import dev.damm.core.store.EnrollmentWrite;
import dev.damm.core.store.InstallPass;
import dev.damm.core.store.StoreTransaction;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.nio.file.Path;
import dev.damm.spi.wireguard.WireGuardKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DammStore} on PostgreSQL (production, any number of servers on one database) or on
 * an H2 file (the zero-setup default), through a HikariCP pool, with the schema kept by Flyway.
 *
 * <p>Transactions run at READ COMMITTED on one connection (SERIALIZABLE when configured so). The rules the control plane relies on
 * are the database's: primary keys and unique constraints (ids, public keys, credential and
 * token hashes, front-door ids, tunnel address leases, applied usage reports, publication
 * serials), conditional updates that report whether they applied (a pass is used once, a
 * publication head only moves up), and optimistic row versions (an update of a device, gateway,
 * pool or tier read earlier in the same transaction applies only if no one changed it since),
 * and for the session limit a row lock on the tier that every enrollment write takes before it
 * counts, so the limit is exact at READ COMMITTED too.
 * When the database reports a serialization failure or deadlock, or a row version moved, the
 * whole transaction is rolled back and {@code work} is run again, a bounded number of times with
 * jittered backoff; work must therefore touch nothing outside the store. Statements whose failure
 * is an expected outcome (a duplicate key) run so that the rest of the transaction can continue,
 * as with {@link dev.damm.core.store.InMemoryStore}. See {@code docs/store.md}.
 *
 * <p>Thread-safe. A call to {@link #inTransaction} from inside {@code work} on the same thread
 * joins the running transaction.
 */
public final class JdbcStore implements DammStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    private static final ThreadLocal<JdbcTransaction> CURRENT = new ThreadLocal<>();
    /** Enrollments per group-commit batch: enough for every worker of a busy server at once. */
    private static final int MAX_ENROLLMENT_BATCH = 64;
    private static final String LOOKUP_ENROLLMENT = "SELECT p.id, p.secret_hash, p.tier_id, p.created_at, p.expires_at, p.created_by, "
            + "p.used_at, p.used_by, t.id AS t_id, t.name AS t_name, t.allowed_regions AS t_allowed_regions, "
            + "t.allowed_exit_countries AS t_allowed_exit_countries, t.session_limit AS t_session_limit, t.byte_limit AS t_byte_limit, "
            + "t.active AS t_active, t.substitution AS t_substitution, t.quarantine_rules AS t_quarantine_rules, "
            + "(SELECT COALESCE(SUM(c.n), 0) FROM tier_device_counts c WHERE c.tier_id = t.id AND c.state = 'ACTIVE') AS active_devices, "
            + "EXISTS (SELECT 1 FROM devices d WHERE d.public_key = ?) AS key_taken "
            + "FROM (SELECT 1 AS one) x LEFT JOIN install_passes p ON p.secret_hash = ? LEFT JOIN access_tiers t ON t.id = p.tier_id";

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final RetryPolicy<Object> retryPolicy;
    /** Per (pool, first offset): every offset below the value has a committed lease row. */
    private final Map<String, Long> leaseHints = new ConcurrentHashMap<>();
    /** H2 only: offsets reserved by running transactions of this process, and by whom. */
    private final Map<String, JdbcTransaction> localReservations = new ConcurrentHashMap<>();
    /** PostgreSQL only: concurrent enrollment writes, committed together. */
    private final Batcher<EnrollmentWrite, EnrollmentOutcome> enrollments;
    /** PostgreSQL only: the runner behind {@link #enrollments}; tests read its counters. */
    final PostgresEnrollments postgresEnrollments;
    private final JdbiSupport jdbi = new JdbiSupport();
    private volatile boolean closed;

    private JdbcStore(HikariDataSource dataSource, Dialect dialect, int maxRetries) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.postgresEnrollments = dialect == Dialect.POSTGRESQL ? new PostgresEnrollments(this) : null;
        // One write batch at a time: while it runs (and waits for its commit to reach the disk)
        // the next one fills up, so batches grow with load instead of commits multiplying. (Two
        // at a time was measured: smaller batches, more CPU per enrollment, fewer per second.)
        this.enrollments = postgresEnrollments == null ? null : new Batcher<>(postgresEnrollments::run, MAX_ENROLLMENT_BATCH, 1);
        this.retryPolicy = RetryPolicy.builder()
                .handle(RetryableTransactionException.class)
                .withMaxRetries(maxRetries)
                .withBackoff(Duration.ofMillis(2), Duration.ofMillis(200))
                .withJitter(0.5)
                .onRetry(e -> LOG.debug("store: re-running a transaction after {}", e.getLastException().getMessage()))
                .build();
    }

    /**
     * An H2 file database gets one connection, whatever was asked. Killed (SIGKILL) while several
     * of its transactions were in flight, H2 2.5's MVStore sometimes reopened with a row of an
     * unfinished transaction left behind: counted, never rolled back, and timing out every read
     * that reached it. DurabilityTest saw that about once in ten runs with four connections and
     * not with one. Acknowledged commits were never lost. With one connection no other transaction
     * is changing the maps while a commit is written out. The H2 file store is the zero-setup
     * default; PostgreSQL is the store for concurrency.
     */
    static int poolSize(JdbcStoreConfig config) {
        return config.jdbcUrl().startsWith("jdbc:h2:file:") ? 1 : config.poolSize();
    }

    /**
     * Opens a pool on the configured database, brings its schema up to date and returns the
     * store. Several servers may do this at once against one PostgreSQL: Flyway serialises the
     * migrations with a lock.
     */
    public static JdbcStore open(JdbcStoreConfig config) {
        Require.nonNull("config", config);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        config.user().ifPresent(hc::setUsername);
        config.password().ifPresent(p -> {
            // HikariCP takes the password as a String; the char[] copy is cleared right away.
            hc.setPassword(new String(p));
            JdbcStoreConfig.clear(p);
        });
        int poolSize = poolSize(config);
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        hc.setConnectionTimeout(config.connectionTimeout().toMillis());
        hc.setAutoCommit(false);
        hc.setTransactionIsolation(config.serializable() ? "TRANSACTION_SERIALIZABLE" : "TRANSACTION_READ_COMMITTED");
        hc.setPoolName(config.poolName());
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            // Bulk seeding and batched child rows become one multi-row INSERT per batch.
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw DammException.retryable(ErrorCode.STORE_UNAVAILABLE,
                    "store: cannot connect to " + config.redactedUrl() + " (" + rootMessage(e) + ")", null);
        }
        try {
            Dialect dialect;
            try (Connection c = ds.getConnection()) {
                dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
            }
            migrate(config, dialect);
            LOG.info("store ready: {} ({})", config.redactedUrl(), dialect);
            return new JdbcStore(ds, dialect, config.maxRetries());
        } catch (SQLException | FlywayException | DammException e) {
            ds.close();
            if (e instanceof DammException de) {
                throw de;
            }
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "store: cannot prepare the schema at " + config.redactedUrl(), e);
        }
    }

    /**
     * Brings the schema up to date over connections of its own: Flyway holds one for its lock
     * and another for the migration, which a pool of one would never grant.
     */
    private static void migrate(JdbcStoreConfig config, Dialect dialect) {
        char[] password = config.password().orElse(new char[0]);
        try {
            Flyway.configure()
                    .dataSource(config.jdbcUrl(), config.user().orElse(null), new String(password))
                    .locations(dialect.migrationLocations())
                    .load()
                    .migrate();
        } finally {
            JdbcStoreConfig.clear(password);
        }
    }

    /**
     * Opens (creating it if needed) the H2 database file {@code damm} inside {@code dataDir}: the
     * reference server's default, so a second run finds the first run's state.
     */
    public static JdbcStore h2File(Path dataDir) {
        return open(JdbcStoreConfig.h2File(dataDir).build());
    }

    @Override
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        Require.nonNull("work", work);
        ensureOpen();
        JdbcTransaction running = CURRENT.get();
        if (running != null && running.store() == this) {
            return work.apply(running);
        }
        try {
            return Failsafe.with(retryPolicy).get(() -> runOnce(work));
        } catch (RetryableTransactionException e) {
            throw DammException.retryable(ErrorCode.CONFLICT,
                    "store: the transaction kept conflicting with concurrent ones (" + e.getMessage() + "); retry later", null);
        } catch (FailsafeException e) {
            // Only checked exceptions are wrapped; runOnce throws none, so this is a fault.
            throw new DammException(ErrorCode.INTERNAL, "store: transaction failed", e.getCause());
        }
    }

    /**
     * One statement on a connection in autocommit mode (no BEGIN, no COMMIT round trip): the
     * enrollment lookup, as one query joining the pass, its tier, the tier's count and the key.
     */
    @Override
    public EnrollmentLookup lookupEnrollment(byte[] passHash, WireGuardKey publicKey) {
        Require.nonNull("passHash", passHash);
        Require.nonNull("publicKey", publicKey);
        ensureOpen();
        if (joinsRunningTransaction()) {
            return DammStore.super.lookupEnrollment(passHash, publicKey);
        }
        return withRetries(() -> {
            try (Connection c = connection()) {
                c.setAutoCommit(true);
                try (PreparedStatement ps = c.prepareStatement(LOOKUP_ENROLLMENT)) {
                    ps.setBytes(1, publicKey.bytes());
                    ps.setBytes(2, passHash);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return lookupRow(rs);
                    }
                } finally {
                    c.setAutoCommit(false);
                }
            } catch (SQLException e) {
                throw JdbcTransaction.translate("look up enrollment", e);
            }
        });
    }

    /** An enrollment lookup from a row of the lookup query. */
    static EnrollmentLookup lookupRow(ResultSet rs) throws SQLException {
        Optional<InstallPass> pass = rs.getString("id") == null ? Optional.empty() : Optional.of(JdbcInstallPasses.map(rs));
        Optional<AccessTier> tier = rs.getString("t_id") == null ? Optional.empty() : Optional.of(JdbcAccessTiers.map(rs, "t_"));
        long active = tier.isPresent() ? Math.max(0, rs.getLong("active_devices")) : 0;
        return new EnrollmentLookup(pass, tier, active, rs.getBoolean("key_taken"));
    }

    /**
     * On PostgreSQL, concurrent enrollments are committed together: one function call, one
     * round trip and one commit per batch ({@link Batcher}, {@link PostgresEnrollments}).
     * On H2, and inside a running transaction, the repository steps of the core run instead.
     */
    @Override
    public EnrollmentOutcome enroll(EnrollmentWrite write) {
        Require.nonNull("write", write);
        ensureOpen();
        if (enrollments == null || joinsRunningTransaction()) {
            return DammStore.super.enroll(write);
        }
        return enrollments.submit(write);
    }

    private boolean joinsRunningTransaction() {
        JdbcTransaction running = CURRENT.get();
        return running != null && running.store() == this;
    }

    /** Runs {@code call} with the store's retry policy for serialization failures and deadlocks. */
    <T> T withRetries(java.util.function.Supplier<T> call) {
        try {
            return Failsafe.with(retryPolicy).get(call::get);
        } catch (RetryableTransactionException e) {
            throw DammException.retryable(ErrorCode.CONFLICT,
                    "store: the transaction kept conflicting with concurrent ones (" + e.getMessage() + "); retry later", null);
        } catch (FailsafeException e) {
            throw new DammException(ErrorCode.INTERNAL, "store: transaction failed", e.getCause());
        }
    }

    private Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw DammException.retryable(ErrorCode.STORE_UNAVAILABLE, "store: no database connection (" + e.getSQLState() + ")", null);
        }
    }

    private <T> T runOnce(Function<StoreTransaction, T> work) {
        ensureOpen();
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw DammException.retryable(ErrorCode.STORE_UNAVAILABLE, "store: no database connection (" + e.getSQLState() + ")", null);
        }
        JdbcTransaction tx = new JdbcTransaction(this, c);
        // A transaction of another store may be running on this thread; it is put back after.
        JdbcTransaction outer = CURRENT.get();
        CURRENT.set(tx);
        try {
            T result = work.apply(tx);
            tx.check();
            c.commit();
            tx.committed();
            return result;
        } catch (RuntimeException | Error e) {
            rollback(c, e);
            throw e;
        } catch (SQLException e) {
            rollback(c, e);
            throw JdbcTransaction.translate("commit", e);
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
            tx.finish();
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("store: closing a connection failed ({})", e.getSQLState());
            }
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        dataSource.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new DammException(ErrorCode.INTERNAL, "store: closed");
        }
    }

    Dialect dialect() {
        return dialect;
    }

    /** The store's Jdbi, whose handles run on a transaction's connection. */
    JdbiSupport jdbi() {
        return jdbi;
    }

    /** The pool, for components that share the database (the PostgreSQL rate-limit backend). */
    DataSource dataSource() {
        return dataSource;
    }

    Map<String, Long> leaseHints() {
        return leaseHints;
    }

    Map<String, JdbcTransaction> localReservations() {
        return localReservations;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String simple = r.getClass().getSimpleName();
        return r instanceof SQLException s ? simple + " " + s.getSQLState() : simple;
    }
}
