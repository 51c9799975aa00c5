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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gateways in one table and their front doors in a child table (front-door ids unique across gateways). */
final class JdbcGateways implements GatewayRepository {
    static final String TABLE = "gateways";
    private static final String SELECT = "SELECT id, name, region, provider_id, status, public_key, tunnel_addresses, token_hash, "
            + "registered_at, last_heartbeat_at, load, active_peers, rx_bytes, tx_bytes, version FROM gateways ";
    private static final String SELECT_DOORS = "SELECT id, gateway_id, ordinal, host, port, transport, priority, state, parameters FROM front_doors ";

    private final JdbcTransaction tx;

    JdbcGateways(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Gateway g) {
        tx.guarded("insert gateway", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateways (name, region, provider_id, status, public_key, "
                    + "tunnel_addresses, token_hash, registered_at, last_heartbeat_at, load, active_peers, rx_bytes, tx_bytes, id, version) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                int i = bindValues(ps, g);
                ps.setString(i, g.id().value());
                ps.executeUpdate();
            }
            insertDoors(c, g);
            return null;
        }, constraint -> conflict(g, false));
        tx.sawVersion(TABLE, g.id().value(), 0);
    }

    @Override
    public void update(Gateway g) {
        String id = g.id().value();
        Optional<Long> seen = tx.versionSeen(TABLE, id);
        boolean updated = tx.guarded("update gateway", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gateways SET name = ?, region = ?, provider_id = ?, status = ?, "
                    + "public_key = ?, tunnel_addresses = ?, token_hash = ?, registered_at = ?, last_heartbeat_at = ?, load = ?, "
                    + "active_peers = ?, rx_bytes = ?, tx_bytes = ?, version = version + 1 WHERE id = ?"
                    + (seen.isPresent() ? " AND version = ?" : ""))) {
                int i = bindValues(ps, g);
                ps.setString(i++, id);
                if (seen.isPresent()) {
                    ps.setLong(i, seen.get());
                }
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM front_doors WHERE gateway_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            insertDoors(c, g);
            return true;
        }, constraint -> conflict(g, true));
        if (updated) {
            seen.ifPresent(v -> tx.sawVersion(TABLE, id, v + 1));
            return;
        }
        boolean exists = tx.queryOne("find gateway", "SELECT 1 FROM gateways WHERE id = ?", ps -> ps.setString(1, id), rs -> true).isPresent();
        if (!exists) {
            throw new DammException(ErrorCode.NOT_FOUND, "gateway.id: " + g.id() + " not found");
        }
        throw new RetryableTransactionException("gateway " + id + " changed since it was read");
    }

    /** Says which rule {@code g} broke, checking in the in-memory store's order. */
    private RuntimeException conflict(Gateway g, boolean updating) {
        String id = g.id().value();
        if (!updating && tx.queryOne("find gateway", "SELECT 1 FROM gateways WHERE id = ?", ps -> ps.setString(1, id), rs -> true).isPresent()) {
            return new DammException(ErrorCode.CONFLICT, "gateway.id: " + g.id() + " exists");
        }
        if (tx.queryOne("find gateway by token", "SELECT 1 FROM gateways WHERE token_hash = ? AND id <> ?", ps -> {
            ps.setBytes(1, g.tokenHash());
            ps.setString(2, id);
        }, rs -> true).isPresent()) {
            return new DammException(ErrorCode.CONFLICT, "gateway.tokenHash: exists");
        }
        if (g.publicKey().isPresent() && tx.queryOne("find gateway by key", "SELECT 1 FROM gateways WHERE public_key = ? AND id <> ?", ps -> {
            ps.setBytes(1, g.publicKey().get().bytes());
            ps.setString(2, id);
        }, rs -> true).isPresent()) {
            return new DammException(ErrorCode.CONFLICT, "gateway.publicKey: registered by another gateway");
        }
        for (FrontDoor fd : g.frontDoors()) {
            if (tx.queryOne("find front door", "SELECT 1 FROM front_doors WHERE id = ? AND gateway_id <> ?", ps -> {
                ps.setString(1, fd.id().value());
                ps.setString(2, id);
            }, rs -> true).isPresent()) {
                return new DammException(ErrorCode.CONFLICT, "frontDoor.id: " + fd.id() + " belongs to another gateway");
            }
        }
        return new RetryableTransactionException("gateway write raced a concurrent one");
    }

    @Override
    public Optional<Gateway> find(GatewayId id) {
        Optional<Row> row = tx.queryOne("find gateway", SELECT + "WHERE id = ?", ps -> ps.setString(1, id.value()), this::map);
        return row.map(r -> r.builder().frontDoors(doors(r.id())).build());
    }

    @Override
    public Optional<Gateway> findByTokenHash(byte[] tokenHash) {
        Optional<Row> row = tx.queryOne("find gateway by token", SELECT + "WHERE token_hash = ?", ps -> ps.setBytes(1, tokenHash), this::map);
        return row.map(r -> r.builder().frontDoors(doors(r.id())).build());
    }

    @Override
    public List<Gateway> list() {
        List<Row> rows = tx.queryList("list gateways", SELECT + "ORDER BY id", ps -> { }, this::map);
        Map<String, List<FrontDoor>> doors = new HashMap<>();
        for (FrontDoor fd : tx.queryList("list front doors", SELECT_DOORS + "ORDER BY gateway_id, ordinal", ps -> { }, JdbcGateways::mapDoor)) {
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
        return tx.queryList("list front doors", SELECT_DOORS + "WHERE gateway_id = ? ORDER BY ordinal", ps -> ps.setString(1, gatewayId),
                JdbcGateways::mapDoor);
    }

    private static void insertDoors(Connection c, Gateway g) throws SQLException {
        if (g.frontDoors().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO front_doors (id, gateway_id, ordinal, host, port, transport, priority, "
                + "state, parameters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int ordinal = 0;
            for (FrontDoor fd : g.frontDoors()) {
                ps.setString(1, fd.id().value());
                ps.setString(2, g.id().value());
                ps.setInt(3, ordinal++);
                ps.setString(4, fd.endpoint().host());
                ps.setInt(5, fd.endpoint().port());
                ps.setString(6, fd.transport().name());
                ps.setInt(7, fd.priority());
                ps.setString(8, fd.state().name());
                ps.setString(9, Rows.jsonMap(fd.parameters()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Binds every gateway column but id and version; returns the next index. */
    private static int bindValues(PreparedStatement ps, Gateway g) throws SQLException {
        int i = 1;
        ps.setString(i++, g.name());
        ps.setString(i++, g.region().value());
        ps.setString(i++, g.providerId().value());
        ps.setString(i++, g.status().name());
        if (g.publicKey().isPresent()) {
            ps.setBytes(i++, g.publicKey().get().bytes());
        } else {
            ps.setNull(i++, Types.BINARY);
        }
        ps.setString(i++, Rows.networks(g.tunnelAddresses()));
        ps.setBytes(i++, g.tokenHash());
        Rows.instant(ps, i++, g.registeredAt());
        Rows.instant(ps, i++, g.lastHeartbeatAt());
        HeartbeatMetrics m = g.metrics();
        ps.setDouble(i++, m.load());
        ps.setInt(i++, m.activePeers());
        ps.setLong(i++, m.rxBytes());
        ps.setLong(i++, m.txBytes());
        return i;
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
