package dev.damm.store.jdbc;

import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.DeviceId;
import dev.damm.core.store.InstallPass;
import dev.damm.core.store.InstallPassRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

final class JdbcInstallPasses implements InstallPassRepository {
    private static final String SELECT =
            "SELECT id, secret_hash, tier_id, created_at, expires_at, created_by, used_at, used_by FROM install_passes ";

    private final JdbcTransaction tx;

    JdbcInstallPasses(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(InstallPass p) {
        int n = tx.jdbi("insert install pass", h -> h.createUpdate(
                "INSERT INTO install_passes (id, secret_hash, tier_id, created_at, expires_at, created_by, used_at, used_by) "
                        + "VALUES (:id, :hash, :tier, :createdAt, :expiresAt, :createdBy, :usedAt, :usedBy) ON CONFLICT DO NOTHING")
                .bind("id", p.id())
                .bind("hash", p.secretHash())
                .bind("tier", p.tierId().value())
                .bindByType("createdAt", p.createdAt(), Instant.class)
                .bindByType("expiresAt", p.expiresAt(), Instant.class)
                .bind("createdBy", p.createdBy())
                .bindByType("usedAt", p.usedAt().orElse(null), Instant.class)
                .bind("usedBy", p.usedBy().map(DeviceId::value).orElse(null))
                .execute());
        if (n == 1) {
            return;
        }
        List<Object[]> clashes = tx.jdbi("find install pass conflict", h -> h.createQuery(
                "SELECT id, secret_hash FROM install_passes WHERE id = :id OR secret_hash = :hash")
                .bind("id", p.id())
                .bind("hash", p.secretHash())
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getBytes(2)}).list());
        if (clashes.stream().anyMatch(r -> p.id().equals(r[0]))) {
            throw new DammException(ErrorCode.CONFLICT, "installPass.id: " + p.id() + " exists");
        }
        if (clashes.stream().anyMatch(r -> Arrays.equals(p.secretHash(), (byte[]) r[1]))) {
            throw new DammException(ErrorCode.CONFLICT, "installPass.secretHash: exists");
        }
        throw new RetryableTransactionException("install pass insert raced a concurrent one");
    }

    @Override
    public Optional<InstallPass> findBySecretHash(byte[] secretHash) {
        return tx.jdbi("find install pass by hash", h -> h.createQuery(SELECT + "WHERE secret_hash = :hash").bind("hash", secretHash)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<InstallPass> find(String id) {
        return tx.jdbi("find install pass", h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    /** Single use is this conditional UPDATE: of two racing transactions, one sees one row, the other none. */
    @Override
    public boolean markUsed(String id, DeviceId device, Instant at) {
        return tx.jdbi("mark install pass used", h -> h.createUpdate(
                "UPDATE install_passes SET used_at = :at, used_by = :device WHERE id = :id AND used_at IS NULL")
                .bindByType("at", at, Instant.class)
                .bind("device", device.value())
                .bind("id", id)
                .execute()) == 1;
    }

    /** One DELETE of the oldest expired unused passes; a used pass never matches, so an enrollment in flight is unaffected. */
    @Override
    public int deleteExpiredUnused(Instant before, int limit) {
        dev.damm.spi.Require.nonNull("before", before);
        dev.damm.spi.Require.range("limit", limit, 1, 1_000_000);
        return tx.jdbi("delete expired install passes", h -> h.createUpdate(
                "DELETE FROM install_passes WHERE id IN (SELECT id FROM install_passes WHERE used_at IS NULL AND expires_at < :before "
                        + "ORDER BY expires_at, id LIMIT :limit)")
                .bindByType("before", before, Instant.class)
                .bind("limit", limit)
                .execute());
    }

    static InstallPass map(ResultSet rs) throws SQLException {
        return new InstallPass(rs.getString("id"), rs.getBytes("secret_hash"), AccessTierId.of(rs.getString("tier_id")),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"), rs.getString("created_by"),
                Rows.optionalInstant(rs, "used_at"), Optional.ofNullable(rs.getString("used_by")).map(DeviceId::of));
    }
}
