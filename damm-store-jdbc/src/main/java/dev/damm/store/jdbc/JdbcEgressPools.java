package dev.damm.store.jdbc;

import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.store.EgressPoolRepository;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;

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
                + "enabled, id, version) VALUES (:provider, :region, :kind, :exits, :inventory, :load, :headroom, :enabled, :id, 0) "
                + "ON CONFLICT DO NOTHING", u -> bind(u, p));
    }

    @Override
    public void update(EgressPool p) {
        table.update(p.id().value(), "UPDATE egress_pools SET provider_id = :provider, region = :region, kind = :kind, "
                + "exit_countries = :exits, ip_inventory = :inventory, load = :load, headroom = :headroom, enabled = :enabled, "
                + "version = version + 1 WHERE id = :id", u -> bind(u, p));
    }

    @Override
    public Optional<EgressPool> find(EgressPoolId id) {
        return tx.jdbi("find egress pool", h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id.value())
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<EgressPool> list() {
        List<EgressPool> out = new ArrayList<>(tx.jdbi("list egress pools", h -> h.createQuery(SELECT + "ORDER BY id")
                .map((rs, ctx) -> map(rs)).list()));
        out.sort(Comparator.comparing(EgressPool::id));
        return List.copyOf(out);
    }

    private static void bind(Update u, EgressPool p) {
        u.bind("provider", p.providerId().value())
                .bind("region", p.region().value())
                .bind("kind", p.kind().name())
                .bind("exits", Rows.jsonList(p.exitCountries(), CountryCode::value))
                .bind("inventory", Rows.networks(p.ipInventory()))
                .bind("load", p.load())
                .bind("headroom", p.headroom())
                .bind("enabled", p.enabled())
                .bind("id", p.id().value());
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
