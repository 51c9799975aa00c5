package dev.damm.store.jdbc;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressRule;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.store.AccessTierRepository;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;

/**
 * Access tiers: one row each. Regions, exit countries and quarantine rules are JSON text: they
 * are read and written with the tier as a whole and never queried on their own.
 */
final class JdbcAccessTiers implements AccessTierRepository {
    private static final String SELECT = "SELECT id, name, allowed_regions, allowed_exit_countries, session_limit, byte_limit, active, "
            + "substitution, quarantine_rules, version FROM access_tiers ";
    private final SimpleTable table;
    private final JdbcTransaction tx;

    JdbcAccessTiers(JdbcTransaction tx) {
        this.tx = tx;
        this.table = new SimpleTable(tx, "access_tiers", "accessTier.id");
    }

    @Override
    public void insert(AccessTier t) {
        table.insert(t.id().value(), "INSERT INTO access_tiers (name, allowed_regions, allowed_exit_countries, session_limit, byte_limit, "
                + "active, substitution, quarantine_rules, id, version) VALUES (:name, :regions, :exits, :sessionLimit, :byteLimit, :active, "
                + ":substitution, :quarantine, :id, 0) ON CONFLICT DO NOTHING", u -> bind(u, t));
    }

    @Override
    public void update(AccessTier t) {
        table.update(t.id().value(), "UPDATE access_tiers SET name = :name, allowed_regions = :regions, allowed_exit_countries = :exits, "
                + "session_limit = :sessionLimit, byte_limit = :byteLimit, active = :active, substitution = :substitution, "
                + "quarantine_rules = :quarantine, version = version + 1 WHERE id = :id", u -> bind(u, t));
    }

    @Override
    public Optional<AccessTier> find(AccessTierId id) {
        return tx.jdbi("find access tier", h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id.value())
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<AccessTier> findLocked(AccessTierId id) {
        // NO KEY UPDATE (PostgreSQL) does not block the key-share locks foreign keys take; H2 has only FOR UPDATE.
        String lock = tx.store().dialect() == Dialect.POSTGRESQL ? "FOR NO KEY UPDATE" : "FOR UPDATE";
        return tx.jdbi("lock access tier", h -> h.createQuery(SELECT + "WHERE id = :id " + lock).bind("id", id.value())
                .map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public List<AccessTier> list() {
        List<AccessTier> out = new ArrayList<>(tx.jdbi("list access tiers", h -> h.createQuery(SELECT + "ORDER BY id")
                .map((rs, ctx) -> map(rs)).list()));
        out.sort(Comparator.comparing(AccessTier::id));
        return List.copyOf(out);
    }

    private static void bind(Update u, AccessTier t) {
        u.bind("name", t.name())
                .bind("regions", Rows.jsonList(t.allowedRegions(), RegionCode::value))
                .bind("exits", Rows.jsonList(t.allowedExitCountries(), CountryCode::value))
                .bind("sessionLimit", t.sessionLimit())
                .bind("byteLimit", t.byteLimit())
                .bind("active", t.active())
                .bind("substitution", t.substitution().name())
                .bind("quarantine", Rows.jsonMaps(t.quarantineRules().stream().map(r -> Map.of("kind", r.kind().name(), "value", r.value())).toList()))
                .bind("id", t.id().value());
    }

    private AccessTier map(ResultSet rs) throws SQLException {
        tx.sawVersion(table.name(), rs.getString("id"), rs.getLong("version"));
        return map(rs, "");
    }

    /** A tier from columns named as in the table, each with {@code prefix} in front. */
    static AccessTier map(ResultSet rs, String prefix) throws SQLException {
        List<EgressRule> rules = Rows.fromJsonMaps(rs.getString(prefix + "quarantine_rules")).stream()
                .map(m -> new EgressRule(EgressRule.Kind.valueOf(m.get("kind")), m.get("value"))).toList();
        return new AccessTier(AccessTierId.of(rs.getString(prefix + "id")), rs.getString(prefix + "name"),
                new LinkedHashSet<>(Rows.fromJsonList(rs.getString(prefix + "allowed_regions"), RegionCode::of)),
                new LinkedHashSet<>(Rows.fromJsonList(rs.getString(prefix + "allowed_exit_countries"), CountryCode::of)),
                rs.getInt(prefix + "session_limit"), rs.getLong(prefix + "byte_limit"), rs.getBoolean(prefix + "active"),
                SubstitutionPolicy.valueOf(rs.getString(prefix + "substitution")), rules);
    }
}
