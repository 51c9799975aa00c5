package dev.damm.store.jdbc;

import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.store.EgressPoolRepository;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Egress pools: one row each, exit countries and IP inventory as JSON arrays. */
final class JdbcEgressPools implements EgressPoolRepository {
    private static final String SELECT =
            "SELECT id, provider_id, region, kind, exit_countries, ip_inventory, load, headroom, enabled, version FROM egress_pools ";
    private final SimpleTable table;
    private final JdbcTransaction tx;

    JdbcEgressPools(JdbcTransaction tx) {
        this.tx = tx;
        this.table = new SimpleTable(tx, "egress_pools", "egressPool.id");
    }

    @Override
    public void insert(EgressPool p) {
        table.insert(p.id().value(), "INSERT INTO egress_pools (provider_id, region, kind, exit_countries, ip_inventory, load, headroom, "
                + "enabled, id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING", ps -> bind(ps, p));
    }

    @Override
    public void update(EgressPool p) {
        table.update(p.id().value(), "UPDATE egress_pools SET provider_id = ?, region = ?, kind = ?, exit_countries = ?, ip_inventory = ?, "
                + "load = ?, headroom = ?, enabled = ?, version = version + 1 WHERE id = ?", ps -> bind(ps, p));
    }

    @Override
    public Optional<EgressPool> find(EgressPoolId id) {
        return tx.queryOne("find egress pool", SELECT + "WHERE id = ?", ps -> ps.setString(1, id.value()), this::map);
    }

    @Override
    public List<EgressPool> list() {
        List<EgressPool> out = new ArrayList<>(tx.queryList("list egress pools", SELECT + "ORDER BY id", ps -> { }, this::map));
        out.sort(Comparator.comparing(EgressPool::id));
        return List.copyOf(out);
    }

    /** Binds every column but id and version, then the id; returns the next index. */
    private static int bind(PreparedStatement ps, EgressPool p) throws SQLException {
        int i = 1;
        ps.setString(i++, p.providerId().value());
        ps.setString(i++, p.region().value());
        ps.setString(i++, p.kind().name());
        ps.setString(i++, Rows.jsonList(p.exitCountries(), CountryCode::value));
        ps.setString(i++, Rows.networks(p.ipInventory()));
        ps.setDouble(i++, p.load());
        ps.setDouble(i++, p.headroom());
        ps.setBoolean(i++, p.enabled());
        ps.setString(i++, p.id().value());
        return i;
    }

    private EgressPool map(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        tx.sawVersion(table.name(), id, rs.getLong("version"));
        return new EgressPool(EgressPoolId.of(id), ProviderId.of(rs.getString("provider_id")), RegionCode.of(rs.getString("region")),
                EgressKind.valueOf(rs.getString("kind")),
                new LinkedHashSet<>(Rows.fromJsonList(rs.getString("exit_countries"), CountryCode::of)),
                Rows.networks(rs.getString("ip_inventory")), rs.getDouble("load"), rs.getDouble("headroom"), rs.getBoolean("enabled"));
    }
}
