package dev.damm.store.jdbc;

import dev.damm.core.store.AccessTierRepository;
import dev.damm.core.store.AdmissionHistoryRepository;
import dev.damm.core.store.AddressLeaseRepository;
import dev.damm.core.store.AuditRepository;
import dev.damm.core.store.DeviceRepository;
import dev.damm.core.store.EgressPoolRepository;
import dev.damm.core.store.GatewayRepository;
import dev.damm.core.store.InstallPassRepository;
import dev.damm.core.store.PublicationRepository;
import dev.damm.core.store.PublishedKeyRepository;
import dev.damm.core.store.StoreTransaction;
import dev.damm.core.store.UsageRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * One running transaction: a connection with autocommit off, a Jdbi handle on it (opened on first
 * use), the repositories bound to it, and
 * the bookkeeping the store needs around it (row versions read, address reservations, lease
 * hints to publish on commit). Confined to the thread running the work.
 */
final class JdbcTransaction implements StoreTransaction {
    private final JdbcStore store;
    private final Connection connection;
    private final Dialect dialect;
    /** "table/id" -> version column value last read or written in this transaction. */
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, Long> pendingHints = new HashMap<>();
    private final Set<String> reserved = new HashSet<>();
    /** Set when a statement failed outside a savepoint on PostgreSQL: the transaction is dead. */
    private RuntimeException abortedBy;
    /** A Jdbi handle on this transaction's connection, opened on first use. */
    private Handle handle;

    private final JdbcDevices devices = new JdbcDevices(this);
    private final JdbcInstallPasses passes = new JdbcInstallPasses(this);
    private final JdbcGateways gateways = new JdbcGateways(this);
    private final JdbcEgressPools egressPools = new JdbcEgressPools(this);
    private final JdbcAccessTiers tiers = new JdbcAccessTiers(this);
    private final JdbcAddressLeases leases = new JdbcAddressLeases(this);
    private final JdbcUsage usage = new JdbcUsage(this);
    private final JdbcAudit audit = new JdbcAudit(this);
    private final JdbcPublications publications = new JdbcPublications(this);
    private final JdbcPublishedKeys keys = new JdbcPublishedKeys(this);
    private final JdbcAdmissionHistory admissionHistory = new JdbcAdmissionHistory(this);
    private final JdbcAdminTokens adminTokens = new JdbcAdminTokens(this);
    private final JdbcJobLeases jobLeases = new JdbcJobLeases(this);
    private final JdbcReportQueue reportQueue = new JdbcReportQueue(this);

    JdbcTransaction(JdbcStore store, Connection connection) {
        this.store = store;
        this.connection = connection;
        this.dialect = store.dialect();
    }

    @Override public DeviceRepository devices() { return devices; }
    @Override public InstallPassRepository installPasses() { return passes; }
    @Override public GatewayRepository gateways() { return gateways; }
    @Override public EgressPoolRepository egressPools() { return egressPools; }
    @Override public AccessTierRepository accessTiers() { return tiers; }
    @Override public AddressLeaseRepository addressLeases() { return leases; }
    @Override public UsageRepository usage() { return usage; }
    @Override public AuditRepository audit() { return audit; }
    @Override public PublicationRepository publications() { return publications; }
    @Override public PublishedKeyRepository keys() { return keys; }
    @Override public AdmissionHistoryRepository admissionHistory() { return admissionHistory; }
    @Override public dev.damm.core.store.AdminTokenRepository adminTokens() { return adminTokens; }
    @Override public dev.damm.core.store.JobLeaseRepository jobLeases() { return jobLeases; }
    @Override public dev.damm.core.store.ReportQueueRepository reportQueue() { return reportQueue; }

    /** The audit repository with the batch delete the retention job uses. */
    JdbcAudit auditLog() {
        return audit;
    }

    JdbcStore store() {
        return store;
    }

    Dialect dialect() {
        return dialect;
    }

    /** A unit of JDBC work on this transaction's connection. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call(Connection c) throws SQLException;
    }

    /** Runs {@code call}, translating SQL failures; on PostgreSQL a failure ends the transaction. */
    <T> T run(String operation, SqlCall<T> call) {
        ensureAlive();
        try {
            return call.call(connection);
        } catch (SQLException e) {
            RuntimeException translated = translate(operation, e);
            if (dialect == Dialect.POSTGRESQL) {
                abortedBy = translated;
            }
            throw translated;
        }
    }

    /** Work with the Jdbi handle on this transaction's connection. */
    @FunctionalInterface
    interface HandleCall<T> {
        T call(Handle h) throws SQLException;
    }

    /**
     * Runs {@code call} on this transaction's Jdbi handle, translating SQL failures as {@link #run}
     * does; on PostgreSQL a failed statement ends the transaction.
     */
    <T> T jdbi(String operation, HandleCall<T> call) {
        return run(operation, c -> onHandle(call));
    }

    /** Runs {@code call} on the handle, surfacing the SQL failure behind a Jdbi exception as itself. */
    private <T> T onHandle(HandleCall<T> call) throws SQLException {
        if (handle == null) {
            handle = store.jdbi().open(connection);
        }
        try {
            return call.call(handle);
        } catch (JdbiException e) {
            SQLException cause = JdbiSupport.sqlCause(e);
            if (cause != null) {
                throw cause;
            }
            throw new DammException(ErrorCode.INTERNAL, "store: a statement failed outside the database", e);
        }
    }

    /** {@link #guarded} with Jdbi: {@code call} runs on this transaction's handle inside a savepoint. */
    <T> T guardedJdbi(String operation, HandleCall<T> call, Function<String, RuntimeException> onConflict) {
        return guarded(operation, c -> onHandle(call), onConflict);
    }

    /**
     * Runs {@code call} inside a savepoint, so that a unique violation undoes only this call and
     * the transaction goes on (PostgreSQL would otherwise refuse every later statement). On a
     * unique violation {@code onConflict} gets the constraint name and returns the exception to
     * throw; it may query, since the savepoint has been rolled back by then. Any other failure is
     * translated as by {@link #run}.
     */
    <T> T guarded(String operation, SqlCall<T> call, Function<String, RuntimeException> onConflict) {
        ensureAlive();
        Savepoint sp;
        try {
            sp = connection.setSavepoint();
        } catch (SQLException e) {
            throw translate(operation, e);
        }
        try {
            T result = call.call(connection);
            release(sp);
            return result;
        } catch (SQLException e) {
            undo(operation, sp);
            if ("23505".equals(sqlState(e))) {
                throw onConflict.apply(constraintName(e));
            }
            throw translate(operation, e);
        } catch (RuntimeException e) {
            undo(operation, sp);
            throw e;
        }
    }

    private void undo(String operation, Savepoint sp) {
        try {
            connection.rollback(sp);
            connection.releaseSavepoint(sp);
        } catch (SQLException e) {
            RuntimeException translated = translate(operation, e);
            abortedBy = translated;
            throw translated;
        }
    }

    private void release(Savepoint sp) throws SQLException {
        connection.releaseSavepoint(sp);
    }

    private void ensureAlive() {
        if (abortedBy != null) {
            throw new DammException(ErrorCode.INTERNAL, "store: the transaction was aborted by an earlier failed statement");
        }
    }

    /** Called before commit: a transaction whose work swallowed a statement failure must not commit. */
    void check() {
        if (abortedBy instanceof RetryableTransactionException r) {
            throw r;
        }
        if (abortedBy != null) {
            throw new DammException(ErrorCode.INTERNAL, "store: the transaction was aborted by an earlier failed statement", abortedBy);
        }
    }

    /** Publishes what this transaction learnt about lease pools, now that its rows are committed. */
    void committed() {
        pendingHints.forEach((k, v) -> store.leaseHints().merge(k, v, Math::max));
    }

    /** Releases in-process reservations (H2); PostgreSQL drops advisory locks at commit or rollback. */
    void finish() {
        if (handle != null) {
            handle.close();
            handle = null;
        }
        if (dialect == Dialect.H2) {
            for (String key : reserved) {
                store.localReservations().remove(key, this);
            }
        }
        reserved.clear();
    }

    // ---- optimistic versions ---------------------------------------------------------------

    void sawVersion(String table, String id, long version) {
        versions.put(table + "/" + id, version);
    }

    Optional<Long> versionSeen(String table, String id) {
        return Optional.ofNullable(versions.get(table + "/" + id));
    }

    // ---- address reservations and hints ---------------------------------------------------

    /** The lowest offset known (committed or by this transaction) to possibly be free. */
    long hint(String key, long first) {
        Long mine = pendingHints.get(key);
        Long shared = store.leaseHints().get(key);
        long h = first;
        if (mine != null) h = Math.max(h, mine);
        if (shared != null) h = Math.max(h, shared);
        return h;
    }

    void learnHint(String key, long value) {
        pendingHints.merge(key, value, Math::max);
    }

    /**
     * Reserves (pool, offset) for this transaction so that concurrent transactions skip it
     * instead of queueing behind its uncommitted lease. Returns false when another running
     * transaction holds it. Re-entrant. On PostgreSQL this is a transaction-scoped advisory lock,
     * shared by every server on the database.
     */
    boolean reserve(String poolId, long offset) {
        String key = poolId + '\u0000' + offset;
        if (reserved.contains(key)) {
            return true;
        }
        boolean ok;
        if (dialect == Dialect.POSTGRESQL) {
            // Two int keys (a separate key space from single-bigint advisory locks). A hash
            // collision only makes a free offset look busy for one transaction's lifetime.
            int k1 = poolId.hashCode() * 31 + (int) (offset >>> 32);
            int k2 = (int) offset;
            ok = jdbi("reserve address", h -> h.createQuery("SELECT pg_try_advisory_xact_lock(:k1, :k2)")
                    .bind("k1", k1)
                    .bind("k2", k2)
                    .mapTo(Boolean.class).findOne().orElse(false));
        } else {
            JdbcTransaction holder = store.localReservations().putIfAbsent(key, this);
            ok = holder == null || holder == this;
        }
        if (ok) {
            reserved.add(key);
        }
        return ok;
    }

    // ---- error translation ----------------------------------------------------------------

    /** The first SQLState along the exception chain (batches put the real failure behind). */
    static String sqlState(SQLException e) {
        for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
            if (cur.getSQLState() != null) {
                return cur.getSQLState();
            }
        }
        return null;
    }

    /** The violated constraint's name, lower case, or "" when the driver does not say. */
    static String constraintName(SQLException e) {
        for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
            if (cur instanceof PSQLException p) {
                ServerErrorMessage m = p.getServerErrorMessage();
                if (m != null && m.getConstraint() != null) {
                    return m.getConstraint().toLowerCase(Locale.ROOT);
                }
            }
            String msg = cur.getMessage() == null ? "" : cur.getMessage().toLowerCase(Locale.ROOT);
            for (String name : Constraints.UNIQUE_NAMES) {
                // H2: Unique index or primary key violation: "public.devices_public_key_uq INDEX ..."
                if (msg.contains("." + name + " ")) {
                    return name;
                }
            }
        }
        return "";
    }

    /**
     * Maps a JDBC failure: serialization failures and deadlocks become a retry, lost connections
     * STORE_UNAVAILABLE, unique violations CONFLICT naming the field, anything else INTERNAL.
     * Messages carry the SQLState and constraint name only: driver messages may quote row values.
     */
    static RuntimeException translate(String operation, SQLException e) {
        String state = sqlState(e);
        if (state == null) {
            return new DammException(ErrorCode.INTERNAL, "store: " + operation + " failed", e);
        }
        switch (state) {
            case "40001", "40P01", "HYT00" -> {
                return new RetryableTransactionException(operation + " (SQLState " + state + ")");
            }
            case "23505" -> {
                return new DammException(ErrorCode.CONFLICT, Constraints.message(constraintName(e)));
            }
            default -> {
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03") || state.startsWith("53")) {
                    return DammException.retryable(ErrorCode.STORE_UNAVAILABLE,
                            "store: " + operation + ": database unavailable (SQLState " + state + ")", null);
                }
                if (state.startsWith("23") || state.startsWith("22")) {
                    return new DammException(ErrorCode.INTERNAL, "store: " + operation + " violated a database rule (SQLState " + state
                            + (constraintName(e).isEmpty() ? "" : ", " + constraintName(e)) + ")");
                }
                return new DammException(ErrorCode.INTERNAL, "store: " + operation + " failed (SQLState " + state + ")", e);
            }
        }
    }
}
