package dev.damm.store.jdbc;

import dev.damm.core.store.AdminToken;
import dev.damm.core.store.AdminTokenRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcAdminTokens implements AdminTokenRepository {
    private static final String SELECT = "SELECT token_id, scope, secret_hash, created_at, created_by, revoked_at FROM admin_tokens ";
    private final JdbcTransaction tx;

    JdbcAdminTokens(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(AdminToken t) {
        int n = tx.jdbi("insert admin token", h -> h.createUpdate("INSERT INTO admin_tokens (token_id, scope, secret_hash, created_at, created_by, revoked_at) "
                + "VALUES (:id, :scope, :hash, :createdAt, :createdBy, :revokedAt) ON CONFLICT DO NOTHING")
                .bind("id", t.id())
                .bind("scope", t.scope())
                .bind("hash", t.secretHash())
                .bindByType("createdAt", t.createdAt(), Instant.class)
                .bind("createdBy", t.createdBy())
                .bindByType("revokedAt", t.revokedAt().orElse(null), Instant.class)
                .execute());
        if (n == 1) {
            return;
        }
        if (find(t.id()).isPresent()) {
            throw new DammException(ErrorCode.CONFLICT, "adminToken.id: " + t.id() + " exists");
        }
        throw new RetryableTransactionException("admin token insert raced a concurrent one");
    }

    @Override
    public Optional<AdminToken> find(String id) {
        return tx.jdbi("find admin token", h -> h.createQuery(SELECT + "WHERE token_id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public void revoke(String id, Instant at) {
        int n = tx.jdbi("revoke admin token", h -> h.createUpdate("UPDATE admin_tokens SET revoked_at = :at WHERE token_id = :id")
                .bindByType("at", at, Instant.class)
                .bind("id", id)
                .execute());
        if (n == 0) {
            throw new DammException(ErrorCode.NOT_FOUND, "adminToken.id: " + id + " not found");
        }
    }

    @Override
    public List<AdminToken> list() {
        return List.copyOf(tx.jdbi("list admin tokens", h -> h.createQuery(SELECT + "ORDER BY created_at, token_id")
                .map((rs, ctx) -> map(rs)).list()));
    }

    @Override
    public long count() {
        return tx.jdbi("count admin tokens", h -> h.createQuery("SELECT COUNT(*) FROM admin_tokens").mapTo(Long.class).one());
    }

    private static AdminToken map(ResultSet rs) throws SQLException {
        return new AdminToken(rs.getString("token_id"), rs.getString("scope"), rs.getBytes("secret_hash"), Rows.instant(rs, "created_at"),
                rs.getString("created_by"), Rows.optionalInstant(rs, "revoked_at"));
    }
}
