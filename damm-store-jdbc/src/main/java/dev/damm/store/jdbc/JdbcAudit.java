package dev.damm.store.jdbc;

import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.AuditRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.sql.PreparedStatement;
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
        return tx.run("append audit event", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (at, actor, action, target, before_json, after_json) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", new String[] {"seq"})) {
                Rows.instant(ps, 1, e.at());
                ps.setString(2, e.actor());
                ps.setString(3, e.action());
                ps.setString(4, e.target());
                Rows.optionalText(ps, 5, e.before());
                Rows.optionalText(ps, 6, e.after());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new DammException(ErrorCode.INTERNAL, "store: the database returned no audit sequence");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public List<AuditEvent> list(long afterSequence, int limit) {
        return tx.queryList("list audit events", SELECT + "WHERE seq > ? ORDER BY seq LIMIT ?", ps -> {
            ps.setLong(1, afterSequence);
            ps.setInt(2, Math.max(0, limit));
        }, JdbcAudit::map);
    }

    @Override
    public List<AuditEvent> listByTarget(String target, int limit) {
        return tx.queryList("list audit events by target", SELECT + "WHERE target = ? ORDER BY seq LIMIT ?", ps -> {
            ps.setString(1, target);
            ps.setInt(2, Math.max(0, limit));
        }, JdbcAudit::map);
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        Require.nonNull("cutoff", cutoff);
        return tx.update("delete audit events", "DELETE FROM audit_events WHERE at < ?", ps -> Rows.instant(ps, 1, cutoff));
    }

    /** Deletes at most {@code batch} of the oldest events before {@code cutoff}; the retention job's unit of work. */
    long deleteBatchBefore(Instant cutoff, int batch) {
        return tx.update("delete audit events", "DELETE FROM audit_events WHERE seq IN "
                + "(SELECT seq FROM audit_events WHERE at < ? ORDER BY at LIMIT ?)", ps -> {
                    Rows.instant(ps, 1, cutoff);
                    ps.setInt(2, batch);
                });
    }

    private static AuditEvent map(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("seq"), Rows.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), Rows.optionalText(rs, "before_json"), Rows.optionalText(rs, "after_json"));
    }
}
