package dev.damm.store.jdbc;

import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SuspensionReason;
import dev.damm.core.store.DeviceRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.wireguard.WireGuardKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

final class JdbcDevices implements DeviceRepository {
    static final String TABLE = "devices";
    private static final String COLUMNS = "id, name, public_key, credential_hash, tunnel_addresses, gateway_id, front_door_id, "
            + "egress_pool_id, quarantine_egress_pool_id, tier_id, region, exit_country, state, suspension, rx_bytes, tx_bytes, "
            + "trust_root_version, created_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + ", version FROM devices ";

    /** Counter stripes per (tier, state); see V3__tier_device_counts.sql. */
    static final int STRIPES = 16;

    private final JdbcTransaction tx;
    /** (tier|state) of each device read in this transaction, so an update knows what it moves from. */
    private final java.util.Map<String, String> tierStateRead = new java.util.HashMap<>();

    JdbcDevices(JdbcTransaction tx) {
        this.tx = tx;
    }

    private static String tierState(String tier, String state) {
        return tier + "|" + state;
    }

    /** Adds {@code delta} to the (tier, state) count on a random stripe. */
    private void count(String tierState, long delta) {
        int bar = tierState.indexOf('|');
        String tier = tierState.substring(0, bar);
        String state = tierState.substring(bar + 1);
        int stripe = java.util.concurrent.ThreadLocalRandom.current().nextInt(STRIPES);
        String bump = "UPDATE tier_device_counts SET n = n + ? WHERE tier_id = ? AND state = ? AND stripe = ?";
        JdbcTransaction.Binder bindBump = ps -> {
            ps.setLong(1, delta);
            ps.setString(2, tier);
            ps.setString(3, state);
            ps.setInt(4, stripe);
        };
        if (tx.update("count devices", bump, bindBump) == 1) {
            return;
        }
        int inserted = tx.update("count devices", "INSERT INTO tier_device_counts (tier_id, state, stripe, n) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, tier);
                    ps.setString(2, state);
                    ps.setInt(3, stripe);
                    ps.setLong(4, delta);
                });
        if (inserted == 0 && tx.update("count devices", bump, bindBump) != 1) {
            throw new RetryableTransactionException("device count stripe raced a concurrent insert");
        }
    }

    @Override
    public void insert(Device d) {
        int n = tx.update("insert device", "INSERT INTO devices (" + COLUMNS + ", version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING", ps -> bind(ps, d));
        if (n == 1) {
            tx.sawVersion(TABLE, d.id().value(), 0);
            String ts = tierState(d.tierId().value(), d.state().name());
            count(ts, +1);
            tierStateRead.put(d.id().value(), ts);
            return;
        }
        // Nothing inserted: a committed row holds one of the unique keys. Say which, in the
        // order the in-memory store checks them.
        List<Object[]> clashes = tx.queryList("find device conflict",
                "SELECT id, public_key, credential_hash FROM devices WHERE id = ? OR public_key = ? OR credential_hash = ?", ps -> {
                    ps.setString(1, d.id().value());
                    ps.setBytes(2, d.publicKey().bytes());
                    ps.setBytes(3, d.credentialHash());
                }, rs -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getBytes(3)});
        throw conflict(d, clashes, false);
    }

    private static RuntimeException conflict(Device d, List<Object[]> clashes, boolean excludeSelf) {
        String self = d.id().value();
        if (!excludeSelf && clashes.stream().anyMatch(r -> self.equals(r[0]))) {
            return new DammException(ErrorCode.CONFLICT, "device.id: " + d.id() + " exists");
        }
        byte[] key = d.publicKey().bytes();
        byte[] cred = d.credentialHash();
        for (Object[] r : clashes) {
            if (!self.equals(r[0]) && Arrays.equals(key, (byte[]) r[1])) {
                return new DammException(ErrorCode.CONFLICT, "device.publicKey: already enrolled");
            }
        }
        for (Object[] r : clashes) {
            if (!self.equals(r[0]) && Arrays.equals(cred, (byte[]) r[2])) {
                return new DammException(ErrorCode.CONFLICT, "device.credentialHash: exists");
            }
        }
        // The clashing row belongs to a transaction that has not finished: try again shortly.
        return new RetryableTransactionException("device insert raced a concurrent one");
    }

    @Override
    public void update(Device d) {
        String id = d.id().value();
        String before = tierStateRead.get(id);
        if (before == null) {
            before = tx.queryOne("find device tier and state", "SELECT tier_id, state FROM devices WHERE id = ?",
                    ps -> ps.setString(1, id), rs -> tierState(rs.getString(1), rs.getString(2))).orElse(null);
        }
        Optional<Long> seen = tx.versionSeen(TABLE, id);
        // The NOT EXISTS guard turns "key taken by another device" into zero rows instead of a
        // unique violation, which on PostgreSQL would abort the whole transaction.
        String sql = "UPDATE devices SET name = ?, public_key = ?, credential_hash = ?, tunnel_addresses = ?, gateway_id = ?, "
                + "front_door_id = ?, egress_pool_id = ?, quarantine_egress_pool_id = ?, tier_id = ?, region = ?, exit_country = ?, "
                + "state = ?, suspension = ?, rx_bytes = ?, tx_bytes = ?, trust_root_version = ?, created_at = ?, updated_at = ?, "
                + "version = version + 1 WHERE id = ?"
                + (seen.isPresent() ? " AND version = ?" : "")
                + " AND NOT EXISTS (SELECT 1 FROM devices o WHERE o.id <> ? AND (o.public_key = ? OR o.credential_hash = ?))";
        int n = tx.update("update device", sql, ps -> {
            int i = bindValues(ps, d, 1);
            ps.setString(i++, id);
            if (seen.isPresent()) {
                ps.setLong(i++, seen.get());
            }
            ps.setString(i++, id);
            ps.setBytes(i++, d.publicKey().bytes());
            ps.setBytes(i, d.credentialHash());
        });
        if (n == 1) {
            seen.ifPresent(v -> tx.sawVersion(TABLE, id, v + 1));
            String after = tierState(d.tierId().value(), d.state().name());
            if (before != null && !before.equals(after)) {
                count(before, -1);
                count(after, +1);
            }
            tierStateRead.put(id, after);
            return;
        }
        List<Object[]> clashes = tx.queryList("find device conflict",
                "SELECT id, public_key, credential_hash FROM devices WHERE id <> ? AND (public_key = ? OR credential_hash = ?)", ps -> {
                    ps.setString(1, id);
                    ps.setBytes(2, d.publicKey().bytes());
                    ps.setBytes(3, d.credentialHash());
                }, rs -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getBytes(3)});
        Optional<Long> current = tx.queryOne("find device version", "SELECT version FROM devices WHERE id = ?",
                ps -> ps.setString(1, id), rs -> rs.getLong(1));
        if (current.isEmpty()) {
            throw new DammException(ErrorCode.NOT_FOUND, "device.id: " + d.id() + " not found");
        }
        if (!clashes.isEmpty()) {
            RuntimeException e = conflict(d, clashes, true);
            if (e instanceof DammException) {
                throw e;
            }
        }
        throw new RetryableTransactionException("device " + id + " changed since it was read");
    }

    @Override
    public Optional<Device> find(DeviceId id) {
        return tx.queryOne("find device", SELECT + "WHERE id = ?", ps -> ps.setString(1, id.value()), this::map);
    }

    @Override
    public Optional<Device> findByPublicKey(WireGuardKey publicKey) {
        return tx.queryOne("find device by public key", SELECT + "WHERE public_key = ?", ps -> ps.setBytes(1, publicKey.bytes()), this::map);
    }

    @Override
    public Optional<Device> findByCredentialHash(byte[] credentialHash) {
        return tx.queryOne("find device by credential", SELECT + "WHERE credential_hash = ?", ps -> ps.setBytes(1, credentialHash), this::map);
    }

    @Override
    public List<Device> listByGateway(GatewayId gateway, DeviceState state) {
        List<Device> out = new ArrayList<>(tx.queryList("list devices by gateway", SELECT + "WHERE gateway_id = ? AND state = ? ORDER BY id",
                ps -> {
                    ps.setString(1, gateway.value());
                    ps.setString(2, state.name());
                }, this::map));
        // Java's order, whatever the database's collation.
        out.sort(Comparator.comparing(Device::id));
        return List.copyOf(out);
    }

    @Override
    public long countByTier(AccessTierId tier, DeviceState state) {
        return tx.queryLong("count devices by tier", "SELECT COALESCE(SUM(n), 0) FROM tier_device_counts WHERE tier_id = ? AND state = ?", ps -> {
            ps.setString(1, tier.value());
            ps.setString(2, state.name());
        });
    }

    @Override
    public long count() {
        return tx.queryLong("count devices", "SELECT count(*) FROM devices", ps -> { });
    }

    private static void bind(PreparedStatement ps, Device d) throws SQLException {
        ps.setString(1, d.id().value());
        bindValues(ps, d, 2);
    }

    /** Binds every column but id, starting at {@code i}; returns the next index. */
    private static int bindValues(PreparedStatement ps, Device d, int i) throws SQLException {
        ps.setString(i++, d.name());
        ps.setBytes(i++, d.publicKey().bytes());
        ps.setBytes(i++, d.credentialHash());
        ps.setString(i++, Rows.networks(d.tunnelAddresses()));
        ps.setString(i++, d.gatewayId().value());
        ps.setString(i++, d.frontDoorId().value());
        ps.setString(i++, d.egressPoolId().value());
        Rows.optionalText(ps, i++, d.quarantineEgressPoolId().map(x -> x.value()));
        ps.setString(i++, d.tierId().value());
        ps.setString(i++, d.region().value());
        ps.setString(i++, d.exitCountry().value());
        ps.setString(i++, d.state().name());
        Rows.optionalText(ps, i++, d.suspension().map(Enum::name));
        ps.setLong(i++, d.rxBytes());
        ps.setLong(i++, d.txBytes());
        ps.setLong(i++, d.trustRootVersion());
        Rows.instant(ps, i++, d.createdAt());
        Rows.instant(ps, i++, d.updatedAt());
        return i;
    }

    private Device map(ResultSet rs) throws SQLException {
        DeviceId id = DeviceId.of(rs.getString("id"));
        tx.sawVersion(TABLE, id.value(), rs.getLong("version"));
        tierStateRead.put(id.value(), tierState(rs.getString("tier_id"), rs.getString("state")));
        Device.Builder b = new Device.Builder(id)
                .name(rs.getString("name"))
                .publicKey(WireGuardKey.ofBytes(rs.getBytes("public_key")))
                .credentialHash(rs.getBytes("credential_hash"))
                .tunnelAddresses(Rows.networks(rs.getString("tunnel_addresses")))
                .gatewayId(GatewayId.of(rs.getString("gateway_id")))
                .frontDoorId(FrontDoorId.of(rs.getString("front_door_id")))
                .egressPoolId(EgressPoolId.of(rs.getString("egress_pool_id")))
                .tierId(AccessTierId.of(rs.getString("tier_id")))
                .region(RegionCode.of(rs.getString("region")))
                .exitCountry(CountryCode.of(rs.getString("exit_country")))
                .state(DeviceState.valueOf(rs.getString("state")),
                        Optional.ofNullable(rs.getString("suspension")).map(SuspensionReason::valueOf).orElse(null))
                .usage(rs.getLong("rx_bytes"), rs.getLong("tx_bytes"))
                .trustRootVersion(rs.getLong("trust_root_version"))
                .createdAt(Rows.instant(rs, "created_at"))
                .updatedAt(Rows.instant(rs, "updated_at"));
        String q = rs.getString("quarantine_egress_pool_id");
        if (q != null) {
            b.quarantineEgressPoolId(EgressPoolId.of(q));
        }
        return b.build();
    }
}
