package dev.damm.store.jdbc;

import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.store.GatewayRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.provider.ProviderId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/** Gateways in one table and their front doors in a child table (front-door ids unique across gateways). */
final class JdbcGateways implements GatewayRepository {
    static final String TABLE = "gateways";
    private static final String SELECT = "SELECT id, name, region, provider_id, status, public_key, tunnel_addresses, token_hash, "
            + "token_expires_at, token_spent_at, credential_hash, registered_at, last_heartbeat_at, load, active_peers, rx_bytes, tx_bytes, version FROM gateways ";
    private static final String SELECT_DOORS = "SELECT id, gateway_id, ordinal, host, port, transport, priority, state, parameters FROM front_doors ";

    private final JdbcTransaction tx;

    JdbcGateways(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Gateway g) {
        tx.guardedJdbi("insert gateway", h -> {
            bindValues(h.createUpdate("INSERT INTO gateways (name, region, provider_id, status, public_key, "
                    + "tunnel_addresses, token_hash, token_expires_at, token_spent_at, credential_hash, registered_at, last_heartbeat_at, "
                    + "load, active_peers, rx_bytes, tx_bytes, id, version) "
                    + "VALUES (:name, :region, :providerId, :status, :publicKey, :tunnelAddresses, :tokenHash, :tokenExpiresAt, "
                    + ":tokenSpentAt, :credentialHash, :registeredAt, "
                    + ":lastHeartbeatAt, :load, :activePeers, :rxBytes, :txBytes, :id, 0)"), g)
                    .bind("id", g.id().value())
                    .execute();
            insertDoors(h, g);
            return null;
        }, constraint -> conflict(g, false));
        tx.sawVersion(TABLE, g.id().value(), 0);
    }

    @Override
    public void update(Gateway g) {
        String id = g.id().value();
        Optional<Long> seen = tx.versionSeen(TABLE, id);
        boolean updated = tx.guardedJdbi("update gateway", h -> {
            Update u = bindValues(h.createUpdate("UPDATE gateways SET name = :name, region = :region, provider_id = :providerId, "
                    + "status = :status, public_key = :publicKey, tunnel_addresses = :tunnelAddresses, token_hash = :tokenHash, "
                    + "token_expires_at = :tokenExpiresAt, token_spent_at = :tokenSpentAt, credential_hash = :credentialHash, "
                    + "registered_at = :registeredAt, last_heartbeat_at = :lastHeartbeatAt, load = :load, active_peers = :activePeers, "
                    + "rx_bytes = :rxBytes, tx_bytes = :txBytes, version = version + 1 WHERE id = :id"
                    + (seen.isPresent() ? " AND version = :seenVersion" : "")), g)
                    .bind("id", id);
            seen.ifPresent(v -> u.bind("seenVersion", v.longValue()));
            if (u.execute() == 0) {
                return false;
            }
            h.createUpdate("DELETE FROM front_doors WHERE gateway_id = :id").bind("id", id).execute();
            insertDoors(h, g);
            return true;
        }, constraint -> conflict(g, true));
        if (updated) {
            seen.ifPresent(v -> tx.sawVersion(TABLE, id, v + 1));
            return;
        }
        boolean exists = exists("find gateway", "SELECT 1 FROM gateways WHERE id = :id", id, null);
        if (!exists) {
            throw new DammException(ErrorCode.NOT_FOUND, "gateway.id: " + g.id() + " not found");
        }
        throw new RetryableTransactionException("gateway " + id + " changed since it was read");
    }

    /** Says which rule {@code g} broke, checking in the in-memory store's order. */
    private RuntimeException conflict(Gateway g, boolean updating) {
        String id = g.id().value();
        if (!updating && exists("find gateway", "SELECT 1 FROM gateways WHERE id = :id", id, null)) {
            return new DammException(ErrorCode.CONFLICT, "gateway.id: " + g.id() + " exists");
        }
        if (exists("find gateway by token", "SELECT 1 FROM gateways WHERE token_hash = :key AND id <> :id", id, g.tokenHash())) {
            return new DammException(ErrorCode.CONFLICT, "gateway.tokenHash: exists");
        }
        if (g.credentialHash().isPresent() && exists("find gateway by credential",
                "SELECT 1 FROM gateways WHERE credential_hash = :key AND id <> :id", id, g.credentialHash().get())) {
            return new DammException(ErrorCode.CONFLICT, "gateway.credentialHash: exists");
        }
        if (g.publicKey().isPresent()
                && exists("find gateway by key", "SELECT 1 FROM gateways WHERE public_key = :key AND id <> :id", id, g.publicKey().get().bytes())) {
            return new DammException(ErrorCode.CONFLICT, "gateway.publicKey: registered by another gateway");
        }
        for (FrontDoor fd : g.frontDoors()) {
            if (tx.jdbi("find front door", h -> h.createQuery("SELECT 1 FROM front_doors WHERE id = :door AND gateway_id <> :id")
                    .bind("door", fd.id().value())
                    .bind("id", id)
                    .mapTo(Integer.class).findOne().isPresent())) {
                return new DammException(ErrorCode.CONFLICT, "frontDoor.id: " + fd.id() + " belongs to another gateway");
            }
        }
        return new RetryableTransactionException("gateway write raced a concurrent one");
    }

    /** Whether {@code sql} (binding {@code :id} and, unless null, {@code :key}) finds a row. */
    private boolean exists(String operation, String sql, String id, byte[] key) {
        return tx.jdbi(operation, h -> {
            org.jdbi.v3.core.statement.Query q = h.createQuery(sql).bind("id", id);
            if (key != null) {
                q.bind("key", key);
            }
            return q.mapTo(Integer.class).findOne().isPresent();
        });
    }

    @Override
    public Optional<Gateway> find(GatewayId id) {
        Optional<Row> row = tx.jdbi("find gateway", h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id.value())
                .map((rs, ctx) -> map(rs)).findOne());
        return row.map(r -> r.builder().frontDoors(doors(r.id())).build());
    }

    @Override
    public Optional<Gateway> findByTokenHash(byte[] tokenHash) {
        Optional<Row> row = tx.jdbi("find gateway by token", h -> h.createQuery(SELECT + "WHERE token_hash = :hash").bind("hash", tokenHash)
                .map((rs, ctx) -> map(rs)).findOne());
        return row.map(r -> r.builder().frontDoors(doors(r.id())).build());
    }

    @Override
    public Optional<Gateway> findByCredentialHash(byte[] credentialHash) {
        Optional<Row> row = tx.jdbi("find gateway by credential", h -> h.createQuery(SELECT + "WHERE credential_hash = :hash")
                .bind("hash", credentialHash).map((rs, ctx) -> map(rs)).findOne());
        return row.map(r -> r.builder().frontDoors(doors(r.id())).build());
    }

    @Override
    public List<Gateway> list() {
        List<Row> rows = tx.jdbi("list gateways", h -> h.createQuery(SELECT + "ORDER BY id").map((rs, ctx) -> map(rs)).list());
        Map<String, List<FrontDoor>> doors = new HashMap<>();
        for (FrontDoor fd : tx.jdbi("list front doors", h -> h.createQuery(SELECT_DOORS + "ORDER BY gateway_id, ordinal")
                .map((rs, ctx) -> mapDoor(rs)).list())) {
            doors.computeIfAbsent(fd.gatewayId().value(), k -> new ArrayList<>()).add(fd);
        }
        List<Gateway> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.builder().frontDoors(doors.getOrDefault(r.id(), List.of())).build());
        }
        out.sort(Comparator.comparing(Gateway::id));
        return List.copyOf(out);
    }

    private List<FrontDoor> doors(String gatewayId) {
        return tx.jdbi("list front doors", h -> h.createQuery(SELECT_DOORS + "WHERE gateway_id = :gateway ORDER BY ordinal")
                .bind("gateway", gatewayId)
                .map((rs, ctx) -> mapDoor(rs)).list());
    }

    private static void insertDoors(Handle h, Gateway g) {
        if (g.frontDoors().isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO front_doors (id, gateway_id, ordinal, host, port, transport, priority, "
                + "state, parameters) VALUES (:id, :gatewayId, :ordinal, :host, :port, :transport, :priority, :state, :parameters)");
        int ordinal = 0;
        for (FrontDoor fd : g.frontDoors()) {
            batch.bind("id", fd.id().value())
                    .bind("gatewayId", g.id().value())
                    .bind("ordinal", ordinal++)
                    .bind("host", fd.endpoint().host())
                    .bind("port", fd.endpoint().port())
                    .bind("transport", fd.transport().name())
                    .bind("priority", fd.priority())
                    .bind("state", fd.state().name())
                    .bind("parameters", Rows.jsonMap(fd.parameters()))
                    .add();
        }
        batch.execute();
    }

    /** Binds every gateway column's named parameter but id and version. */
    private static Update bindValues(Update u, Gateway g) {
        u.bind("name", g.name());
        u.bind("region", g.region().value());
        u.bind("providerId", g.providerId().value());
        u.bind("status", g.status().name());
        u.bind("publicKey", g.publicKey().map(WireGuardKey::bytes).orElse(null));
        u.bind("tunnelAddresses", Rows.networks(g.tunnelAddresses()));
        u.bind("tokenHash", g.tokenHash());
        u.bindByType("tokenExpiresAt", g.tokenExpiresAt().orElse(null), Instant.class);
        u.bindByType("tokenSpentAt", g.tokenSpentAt().orElse(null), Instant.class);
        u.bindByType("credentialHash", g.credentialHash().orElse(null), byte[].class);
        u.bindByType("registeredAt", g.registeredAt().orElse(null), Instant.class);
        u.bindByType("lastHeartbeatAt", g.lastHeartbeatAt().orElse(null), Instant.class);
        HeartbeatMetrics m = g.metrics();
        u.bind("load", m.load());
        u.bind("activePeers", m.activePeers());
        u.bind("rxBytes", m.rxBytes());
        u.bind("txBytes", m.txBytes());
        return u;
    }

    /** A gateway row: everything but the front doors, which come from the child table. */
    private record Row(String id, Gateway.Builder builder) {}

    private Row map(ResultSet rs) throws SQLException {
        GatewayId id = GatewayId.of(rs.getString("id"));
        tx.sawVersion(TABLE, id.value(), rs.getLong("version"));
        byte[] key = rs.getBytes("public_key");
        Gateway.Builder b = Gateway.builder(id)
                .name(rs.getString("name"))
                .region(RegionCode.of(rs.getString("region")))
                .providerId(ProviderId.of(rs.getString("provider_id")))
                .status(GatewayStatus.valueOf(rs.getString("status")))
                .tunnelAddresses(Rows.networks(rs.getString("tunnel_addresses")))
                .tokenHash(rs.getBytes("token_hash"))
                .metrics(new HeartbeatMetrics(rs.getDouble("load"), rs.getInt("active_peers"), rs.getLong("rx_bytes"), rs.getLong("tx_bytes")));
        if (key != null) {
            b.publicKey(WireGuardKey.ofBytes(key));
        }
        byte[] credential = rs.getBytes("credential_hash");
        if (credential != null) {
            b.credentialHash(credential);
        }
        Rows.optionalInstant(rs, "token_expires_at").ifPresent(b::tokenExpiresAt);
        Rows.optionalInstant(rs, "token_spent_at").ifPresent(b::tokenSpentAt);
        Rows.optionalInstant(rs, "registered_at").ifPresent(b::registeredAt);
        Rows.optionalInstant(rs, "last_heartbeat_at").ifPresent(b::lastHeartbeatAt);
        return new Row(id.value(), b);
    }

    private static FrontDoor mapDoor(ResultSet rs) throws SQLException {
        return new FrontDoor(FrontDoorId.of(rs.getString("id")), GatewayId.of(rs.getString("gateway_id")),
                new Endpoint(rs.getString("host"), rs.getInt("port")), TransportTier.valueOf(rs.getString("transport")),
                rs.getInt("priority"), FrontDoorState.valueOf(rs.getString("state")), Rows.fromJsonMap(rs.getString("parameters")));
    }
}
