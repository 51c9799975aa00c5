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
        int n = tx.update("insert install pass",
                "INSERT INTO install_passes (id, secret_hash, tier_id, created_at, expires_at, created_by, used_at, used_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, p.id());
                    ps.setBytes(2, p.secretHash());
                    ps.setString(3, p.tierId().value());
                    Rows.instant(ps, 4, p.createdAt());
                    Rows.instant(ps, 5, p.expiresAt());
                    ps.setString(6, p.createdBy());
                    Rows.instant(ps, 7, p.usedAt());
                    Rows.optionalText(ps, 8, p.usedBy().map(DeviceId::value));
                });
        if (n == 1) {
            return;
        }
        List<Object[]> clashes = tx.queryList("find install pass conflict",
                "SELECT id, secret_hash FROM install_passes WHERE id = ? OR secret_hash = ?", ps -> {
                    ps.setString(1, p.id());
                    ps.setBytes(2, p.secretHash());
                }, rs -> new Object[] {rs.getString(1), rs.getBytes(2)});
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
        return tx.queryOne("find install pass by hash", SELECT + "WHERE secret_hash = ?", ps -> ps.setBytes(1, secretHash), JdbcInstallPasses::map);
    }

    @Override
    public Optional<InstallPass> find(String id) {
        return tx.queryOne("find install pass", SELECT + "WHERE id = ?", ps -> ps.setString(1, id), JdbcInstallPasses::map);
    }

    /** Single use is this conditional UPDATE: of two racing transactions, one sees one row, the other none. */
    @Override
    public boolean markUsed(String id, DeviceId device, Instant at) {
        return tx.update("mark install pass used",
                "UPDATE install_passes SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL", ps -> {
                    Rows.instant(ps, 1, at);
                    ps.setString(2, device.value());
                    ps.setString(3, id);
                }) == 1;
    }

    static InstallPass map(ResultSet rs) throws SQLException {
        return new InstallPass(rs.getString("id"), rs.getBytes("secret_hash"), AccessTierId.of(rs.getString("tier_id")),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"), rs.getString("created_by"),
                Rows.optionalInstant(rs, "used_at"), Optional.ofNullable(rs.getString("used_by")).map(DeviceId::of));
    }
}
