package dev.damm.store.jdbc;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.Optional;

/**
 * Insert and update for a table whose only unique key is its id and which carries a version
 * column: CONFLICT on a taken id, NOT_FOUND on a missing one, a re-run when the row changed
 * since this transaction read it.
 */
final class SimpleTable {
    private final JdbcTransaction tx;
    private final String name;
    private final String idField;

    SimpleTable(JdbcTransaction tx, String name, String idField) {
        this.tx = tx;
        this.name = name;
        this.idField = idField;
    }

    String name() {
        return name;
    }

    /** Binds a statement's parameters and returns the next free parameter index. */
    @FunctionalInterface
    interface Columns {
        int bind(java.sql.PreparedStatement ps) throws java.sql.SQLException;
    }

    /** Runs an {@code INSERT ... ON CONFLICT DO NOTHING} whose binder ends with the id. */
    void insert(String id, String sql, Columns binder) {
        if (tx.update("insert " + name, sql, binder::bind) == 1) {
            tx.sawVersion(name, id, 0);
            return;
        }
        if (exists(id)) {
            throw new DammException(ErrorCode.CONFLICT, idField + ": " + id + " exists");
        }
        throw new RetryableTransactionException(name + " insert raced a concurrent one");
    }

    /** Runs an {@code UPDATE ... WHERE id = ?} (the binder's last parameter), guarded by the version seen. */
    void update(String id, String sql, Columns binder) {
        Optional<Long> seen = tx.versionSeen(name, id);
        String guarded = seen.isPresent() ? sql + " AND version = ?" : sql;
        int n = tx.update("update " + name, guarded, ps -> {
            int next = binder.bind(ps);
            if (seen.isPresent()) {
                ps.setLong(next, seen.get());
            }
        });
        if (n == 1) {
            seen.ifPresent(v -> tx.sawVersion(name, id, v + 1));
            return;
        }
        if (!exists(id)) {
            throw new DammException(ErrorCode.NOT_FOUND, idField + ": " + id + " not found");
        }
        throw new RetryableTransactionException(name + " " + id + " changed since it was read");
    }

    private boolean exists(String id) {
        return tx.queryOne("find " + name, "SELECT 1 FROM " + name + " WHERE id = ?", ps -> ps.setString(1, id), rs -> true).isPresent();
    }
}
