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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;

final class JdbcDevices implements DeviceRepository {
    static final String TABLE = "devices";
    private static final String COLUMNS = "id, name, public_key, credential_hash, tunnel_addresses, gateway_id, front_door_id, "
            + "egress_pool_id, quarantine_egress_pool_id, tier_id, region, exit_country, state, suspension, rx_bytes, tx_bytes, "
            + "trust_root_version, created_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + ", version FROM devices ";
    /** The named parameters of {@link #COLUMNS}, in the same order (see {@link #bind}). */
    private static final String VALUES = ":id, :name, :publicKey, :credentialHash, :tunnelAddresses, :gatewayId, :frontDoorId, "
            + ":egressPoolId, :quarantineEgressPoolId, :tierId, :region, :exitCountry, :state, :suspension, :rxBytes, :txBytes, "
            + ":trustRootVersion, :createdAt, :updatedAt";

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
        String bump = "UPDATE tier_device_counts SET n = n + :delta WHERE tier_id = :tier AND state = :state AND stripe = :stripe";
        JdbcTransaction.HandleCall<Integer> runBump = h -> h.createUpdate(bump)
                .bind("delta", delta)
                .bind("tier", tier)
                .bind("state", state)
                .bind("stripe", stripe)
                .execute();
        if (tx.jdbi("count devices", runBump) == 1) {
            return;
        }
        int inserted = tx.jdbi("count devices", h -> h.createUpdate("INSERT INTO tier_device_counts (tier_id, state, stripe, n) "
                + "VALUES (:tier, :state, :stripe, :delta) ON CONFLICT DO NOTHING")
                .bind("tier", tier)
                .bind("state", state)
                .bind("stripe", stripe)
                .bind("delta", delta)
                .execute());
        if (inserted == 0 && tx.jdbi("count devices", runBump) != 1) {
            throw new RetryableTransactionException("device count stripe raced a concurrent insert");
        }
    }

    @Override
    public void insert(Device d) {
        int n = tx.jdbi("insert device", h -> bind(h.createUpdate("INSERT INTO devices (" + COLUMNS + ", version) "
                + "VALUES (" + VALUES + ", 0) ON CONFLICT DO NOTHING"), d).execute());
        if (n == 1) {
            tx.sawVersion(TABLE, d.id().value(), 0);
            String ts = tierState(d.tierId().value(), d.state().name());
            count(ts, +1);
            tierStateRead.put(d.id().value(), ts);
            return;
        }
        // Nothing inserted: a committed row holds one of the unique keys. Say which, in the
        // order the in-memory store checks them.
        List<Object[]> clashes = tx.jdbi("find device conflict", h -> h.createQuery(
                "SELECT id, public_key, credential_hash FROM devices WHERE id = :id OR public_key = :key OR credential_hash = :credential")
                .bind("id", d.id().value())
                .bind("key", d.publicKey().bytes())
                .bind("credential", d.credentialHash())
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getBytes(3)}).list());
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
            before = tx.jdbi("find device tier and state", h -> h.createQuery("SELECT tier_id, state FROM devices WHERE id = :id")
                    .bind("id", id)
                    .map((rs, ctx) -> tierState(rs.getString(1), rs.getString(2))).findOne()).orElse(null);
        }
        Optional<Long> seen = tx.versionSeen(TABLE, id);
        // The NOT EXISTS guard turns "key taken by another device" into zero rows instead of a
        // unique violation, which on PostgreSQL would abort the whole transaction.
        String sql = "UPDATE devices SET name = :name, public_key = :publicKey, credential_hash = :credentialHash, "
                + "tunnel_addresses = :tunnelAddresses, gateway_id = :gatewayId, front_door_id = :frontDoorId, egress_pool_id = :egressPoolId, "
                + "quarantine_egress_pool_id = :quarantineEgressPoolId, tier_id = :tierId, region = :region, exit_country = :exitCountry, "
                + "state = :state, suspension = :suspension, rx_bytes = :rxBytes, tx_bytes = :txBytes, trust_root_version = :trustRootVersion, "
                + "created_at = :createdAt, updated_at = :updatedAt, version = version + 1 WHERE id = :id"
                + (seen.isPresent() ? " AND version = :seenVersion" : "")
                + " AND NOT EXISTS (SELECT 1 FROM devices o WHERE o.id <> :id AND (o.public_key = :publicKey OR o.credential_hash = :credentialHash))";
        int n = tx.jdbi("update device", h -> {
            Update u = bind(h.createUpdate(sql), d);
            seen.ifPresent(v -> u.bind("seenVersion", v.longValue()));
            return u.execute();
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
        List<Object[]> clashes = tx.jdbi("find device conflict", h -> h.createQuery(
                "SELECT id, public_key, credential_hash FROM devices WHERE id <> :id AND (public_key = :key OR credential_hash = :credential)")
                .bind("id", id)
                .bind("key", d.publicKey().bytes())
                .bind("credential", d.credentialHash())
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getBytes(3)}).list());
        Optional<Long> current = tx.jdbi("find device version", h -> h.createQuery("SELECT version FROM devices WHERE id = :id")
                .bind("id", id)
                .mapTo(Long.class).findOne());
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
        return tx.jdbi("find device", h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id.value())
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<Device> findByPublicKey(WireGuardKey publicKey) {
        return tx.jdbi("find device by public key", h -> h.createQuery(SELECT + "WHERE public_key = :key").bind("key", publicKey.bytes())
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<Device> findByCredentialHash(byte[] credentialHash) {
        return tx.jdbi("find device by credential", h -> h.createQuery(SELECT + "WHERE credential_hash = :credential")
                .bind("credential", credentialHash)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<Device> listByGateway(GatewayId gateway, DeviceState state) {
        List<Device> out = new ArrayList<>(tx.jdbi("list devices by gateway", h -> h.createQuery(
                SELECT + "WHERE gateway_id = :gateway AND state = :state ORDER BY id")
                .bind("gateway", gateway.value())
                .bind("state", state.name())
                .map((rs, ctx) -> map(rs)).list()));
        // Java's order, whatever the database's collation.
        out.sort(Comparator.comparing(Device::id));
        return List.copyOf(out);
    }

    @Override
    public long countByTier(AccessTierId tier, DeviceState state) {
        return tx.jdbi("count devices by tier", h -> h.createQuery(
                "SELECT COALESCE(SUM(n), 0) FROM tier_device_counts WHERE tier_id = :tier AND state = :state")
                .bind("tier", tier.value())
                .bind("state", state.name())
                .mapTo(Long.class).one());
    }

    @Override
    public long count() {
        return tx.jdbi("count devices", h -> h.createQuery("SELECT count(*) FROM devices").mapTo(Long.class).one());
    }

    /** Binds every column's named parameter ({@link #VALUES}). */
    private static Update bind(Update u, Device d) {
        return u.bind("id", d.id().value())
                .bind("name", d.name())
                .bind("publicKey", d.publicKey().bytes())
                .bind("credentialHash", d.credentialHash())
                .bind("tunnelAddresses", Rows.networks(d.tunnelAddresses()))
                .bind("gatewayId", d.gatewayId().value())
                .bind("frontDoorId", d.frontDoorId().value())
                .bind("egressPoolId", d.egressPoolId().value())
                .bind("quarantineEgressPoolId", d.quarantineEgressPoolId().map(x -> x.value()).orElse(null))
                .bind("tierId", d.tierId().value())
                .bind("region", d.region().value())
                .bind("exitCountry", d.exitCountry().value())
                .bind("state", d.state().name())
                .bind("suspension", d.suspension().map(Enum::name).orElse(null))
                .bind("rxBytes", d.rxBytes())
                .bind("txBytes", d.txBytes())
                .bind("trustRootVersion", d.trustRootVersion())
                .bindByType("createdAt", d.createdAt(), Instant.class)
                .bindByType("updatedAt", d.updatedAt(), Instant.class);
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
