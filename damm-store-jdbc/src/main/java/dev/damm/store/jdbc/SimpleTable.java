package dev.damm.store.jdbc;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;

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

    /** Binds a statement's named parameters ({@code :id} among them). */
    @FunctionalInterface
    interface Columns {
        void bind(Update u);
    }

    /** Runs an {@code INSERT ... ON CONFLICT DO NOTHING} whose binder binds {@code :id}. */
    void insert(String id, String sql, Columns binder) {
        if (tx.jdbi("insert " + name, h -> {
            Update u = h.createUpdate(sql);
            binder.bind(u);
            return u.execute();
        }) == 1) {
            tx.sawVersion(name, id, 0);
            return;
        }
        if (exists(id)) {
            throw new DammException(ErrorCode.CONFLICT, idField + ": " + id + " exists");
        }
        throw new RetryableTransactionException(name + " insert raced a concurrent one");
    }

    /** Runs an {@code UPDATE ... WHERE id = :id}, guarded by the version seen. */
    void update(String id, String sql, Columns binder) {
        Optional<Long> seen = tx.versionSeen(name, id);
        String guarded = seen.isPresent() ? sql + " AND version = :seenVersion" : sql;
        int n = tx.jdbi("update " + name, h -> {
            Update u = h.createUpdate(guarded);
            binder.bind(u);
            seen.ifPresent(v -> u.bind("seenVersion", v.longValue()));
            return u.execute();
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
        return tx.jdbi("find " + name, h -> h.createQuery("SELECT 1 FROM " + name + " WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).findOne().isPresent());
    }
}
