package dev.damm.bench.server;

import dev.damm.core.ipam.AddressPlan;
import dev.damm.spi.net.IpNetwork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A million devices written straight into the store's tables, as enrollment would have left them:
 * each device on one of the registered gateways (round robin, through its front door, in its
 * region), in the tier and the region's egress pool set up over the admin API, with a unique key and credential hash, a
 * tunnel address of the server's v4 pool and that address's lease, and the tier's active-device
 * count raised by as many. Offsets start at {@link #FIRST_OFFSET}, far above the block the
 * server's allocator takes next, so the enrollments of the load never meet a seeded lease.
 */
final class ScaleSeed {
    /** Well above the offsets the server reserves during a run (blocks of 1,024 from the pool's start). */
    static final long FIRST_OFFSET = 4_000_000;
    private static final long CHUNK = 100_000;

    private ScaleSeed() {}

    static void devices(Connection c, long count, List<Fleet.Gateway> gateways, String v4Pool) throws SQLException {
        AddressPlan plan = new AddressPlan(IpNetwork.parse(v4Pool), Optional.empty(), 1, 10, Duration.ofDays(1));
        if (FIRST_OFFSET + count > plan.lastV4Offset()) {
            throw new IllegalArgumentException("devices: " + count + " do not fit in " + v4Pool + " above offset " + FIRST_OFFSET);
        }
        String network = plan.v4Pool().address().getHostAddress();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            // The gateways in the order they were made, numbered from 0, for the round robin.
            s.execute("CREATE TEMP TABLE bench_gw (k int PRIMARY KEY, id text NOT NULL, door text NOT NULL, region text NOT NULL)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_gw SELECT ?, g.id, d.id, g.region FROM gateways g JOIN front_doors d "
                + "ON d.gateway_id = g.id AND d.ordinal = 0 WHERE g.id = ?")) {
            for (int i = 0; i < gateways.size(); i++) {
                ps.setInt(1, i);
                ps.setString(2, gateways.get(i).id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        int g = gateways.size();
        try (PreparedStatement leases = c.prepareStatement("INSERT INTO address_leases (pool_id, addr_offset, device_id, claimed_at) "
                + "SELECT ?, ? + n, 'seed-' || n, now() FROM generate_series(?::bigint, ?::bigint) n");
                PreparedStatement devices = c.prepareStatement("INSERT INTO devices (id, name, public_key, credential_hash, tunnel_addresses, "
                        + "gateway_id, front_door_id, egress_pool_id, quarantine_egress_pool_id, tier_id, region, exit_country, state, "
                        + "suspension, rx_bytes, tx_bytes, trust_root_version, created_at, updated_at) "
                        + "SELECT 'seed-' || n, 'seeded device ' || n, sha256(convert_to('seed-key-' || n, 'UTF8')), "
                        + "sha256(convert_to('seed-credential-' || n, 'UTF8')), '[\"' || host(?::inet + (? + n)) || '/32\"]', "
                        + "gw.id, gw.door, CASE WHEN gw.region = ? THEN 'eg-bench' ELSE 'eg-' || gw.region END, NULL, ?, gw.region, 'DE', "
                        + "'ACTIVE', NULL, 0, 0, 1, now(), now() "
                        + "FROM generate_series(?::bigint, ?::bigint) n JOIN bench_gw gw ON gw.k = n % ?")) {
            for (long from = 0; from < count; from += CHUNK) {
                long to = Math.min(count, from + CHUNK) - 1;
                leases.setString(1, plan.v4PoolId());
                leases.setLong(2, FIRST_OFFSET);
                leases.setLong(3, from);
                leases.setLong(4, to);
                leases.executeUpdate();
                devices.setString(1, network);
                devices.setLong(2, FIRST_OFFSET);
                devices.setString(3, Fleet.REGION);
                devices.setString(4, Fleet.TIER);
                devices.setLong(5, from);
                devices.setLong(6, to);
                devices.setInt(7, g);
                devices.executeUpdate();
                System.out.printf(java.util.Locale.ROOT, "seeded %,d of %,d devices%n", to + 1, count);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tier_device_counts AS tc (tier_id, state, stripe, n) VALUES (?, 'ACTIVE', 0, ?) "
                + "ON CONFLICT (tier_id, state, stripe) DO UPDATE SET n = tc.n + EXCLUDED.n")) {
            ps.setString(1, Fleet.TIER);
            ps.setLong(2, count);
            ps.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_gw");
            s.execute("ANALYZE");
        }
    }
}
