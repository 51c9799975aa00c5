package dev.damm.store.jdbc;

import dev.damm.core.store.PublishedKey;
import dev.damm.core.store.PublishedKeyRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

final class JdbcPublishedKeys implements PublishedKeyRepository {
    private static final String SELECT = "SELECT key_id, purpose, public_key, created_at, retired_at FROM published_keys ";
    private final JdbcTransaction tx;

    JdbcPublishedKeys(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(PublishedKey k) {
        int n = tx.jdbi("insert key", h -> h.createUpdate("INSERT INTO published_keys (key_id, purpose, public_key, created_at, retired_at) "
                + "VALUES (:keyId, :purpose, :publicKey, :createdAt, :retiredAt) ON CONFLICT DO NOTHING")
                .bind("keyId", k.keyId())
                .bind("purpose", k.purpose())
                .bind("publicKey", k.publicKey())
                .bindByType("createdAt", k.createdAt(), Instant.class)
                .bindByType("retiredAt", k.retiredAt().orElse(null), Instant.class)
                .execute());
        if (n == 1) {
            return;
        }
        if (find(k.keyId()).isPresent()) {
            throw new DammException(ErrorCode.CONFLICT, "key.keyId: " + k.keyId() + " exists");
        }
        throw new RetryableTransactionException("key insert raced a concurrent one");
    }

    @Override
    public Optional<PublishedKey> find(String keyId) {
        return tx.jdbi("find key", h -> h.createQuery(SELECT + "WHERE key_id = :keyId").bind("keyId", keyId)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public void retire(String keyId, Instant at) {
        int n = tx.jdbi("retire key", h -> h.createUpdate("UPDATE published_keys SET retired_at = :at WHERE key_id = :keyId")
                .bindByType("at", at, Instant.class)
                .bind("keyId", keyId)
                .execute());
        if (n == 0) {
            throw new DammException(ErrorCode.NOT_FOUND, "key.keyId: " + keyId + " not found");
        }
    }

    @Override
    public List<PublishedKey> list(String purpose) {
        List<PublishedKey> out = new ArrayList<>(tx.jdbi("list keys", h -> h.createQuery(SELECT + "WHERE purpose = :purpose ORDER BY created_at, key_id")
                .bind("purpose", purpose)
                .map((rs, ctx) -> map(rs)).list()));
        out.sort(Comparator.comparing(PublishedKey::createdAt).thenComparing(PublishedKey::keyId));
        return List.copyOf(out);
    }

    private static PublishedKey map(ResultSet rs) throws SQLException {
        return new PublishedKey(rs.getString("key_id"), rs.getString("purpose"), rs.getBytes("public_key"), Rows.instant(rs, "created_at"),
                Rows.optionalInstant(rs, "retired_at"));
    }
}
