package dev.damm.store.jdbc;

import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.AuditRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The audit log. Sequence numbers come from an identity column: strictly increasing in the order
 * rows are inserted, though concurrent transactions may commit them out of order (a reader
 * tailing with {@link #list} can see 7 before 6 commits).
 */
final class JdbcAudit implements AuditRepository {
    private static final String SELECT = "SELECT seq, at, actor, action, target, before_json, after_json FROM audit_events ";
    private final JdbcTransaction tx;

    JdbcAudit(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public long append(AuditEvent e) {
        return tx.jdbi("append audit event", h -> h.createUpdate("INSERT INTO audit_events (at, actor, action, target, before_json, after_json) "
                + "VALUES (:at, :actor, :action, :target, :before, :after)")
                .bindByType("at", e.at(), Instant.class)
                .bind("actor", e.actor())
                .bind("action", e.action())
                .bind("target", e.target())
                .bind("before", e.before().orElse(null))
                .bind("after", e.after().orElse(null))
                .executeAndReturnGeneratedKeys("seq")
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new DammException(ErrorCode.INTERNAL, "store: the database returned no audit sequence")));
    }

    @Override
    public List<AuditEvent> list(long afterSequence, int limit) {
        return tx.jdbi("list audit events", h -> h.createQuery(SELECT + "WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", afterSequence)
                .bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<AuditEvent> listByTarget(String target, int limit) {
        return tx.jdbi("list audit events by target", h -> h.createQuery(SELECT + "WHERE target = :target ORDER BY seq LIMIT :limit")
                .bind("target", target)
                .bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        Require.nonNull("cutoff", cutoff);
        return tx.jdbi("delete audit events", h -> h.createUpdate("DELETE FROM audit_events WHERE at < :cutoff")
                .bindByType("cutoff", cutoff, Instant.class)
                .execute());
    }

    /** Deletes at most {@code batch} of the oldest events before {@code cutoff}; the retention job's unit of work. */
    long deleteBatchBefore(Instant cutoff, int batch) {
        return tx.jdbi("delete audit events", h -> h.createUpdate("DELETE FROM audit_events WHERE seq IN "
                + "(SELECT seq FROM audit_events WHERE at < :cutoff ORDER BY at LIMIT :batch)")
                .bindByType("cutoff", cutoff, Instant.class)
                .bind("batch", batch)
                .execute());
    }

    private static AuditEvent map(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("seq"), Rows.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), Rows.optionalText(rs, "before_json"), Rows.optionalText(rs, "after_json"));
    }
}
