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
        int n = tx.update("insert key", "INSERT INTO published_keys (key_id, purpose, public_key, created_at, retired_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, k.keyId());
                    ps.setString(2, k.purpose());
                    ps.setBytes(3, k.publicKey());
                    Rows.instant(ps, 4, k.createdAt());
                    Rows.instant(ps, 5, k.retiredAt());
                });
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
        return tx.queryOne("find key", SELECT + "WHERE key_id = ?", ps -> ps.setString(1, keyId), JdbcPublishedKeys::map);
    }

    @Override
    public void retire(String keyId, Instant at) {
        int n = tx.update("retire key", "UPDATE published_keys SET retired_at = ? WHERE key_id = ?", ps -> {
            Rows.instant(ps, 1, at);
            ps.setString(2, keyId);
        });
        if (n == 0) {
            throw new DammException(ErrorCode.NOT_FOUND, "key.keyId: " + keyId + " not found");
        }
    }

    @Override
    public List<PublishedKey> list(String purpose) {
        List<PublishedKey> out = new ArrayList<>(tx.queryList("list keys", SELECT + "WHERE purpose = ? ORDER BY created_at, key_id",
                ps -> ps.setString(1, purpose), JdbcPublishedKeys::map));
        out.sort(Comparator.comparing(PublishedKey::createdAt).thenComparing(PublishedKey::keyId));
        return List.copyOf(out);
    }

    private static PublishedKey map(ResultSet rs) throws SQLException {
        return new PublishedKey(rs.getString("key_id"), rs.getString("purpose"), rs.getBytes("public_key"), Rows.instant(rs, "created_at"),
                Rows.optionalInstant(rs, "retired_at"));
    }
}
