package dev.damm.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Test helper: empties every table of a store's database. */
final class StoreTables {
    private static final String[] TABLES = {"front_doors", "gateways", "devices", "tier_device_counts", "install_passes", "egress_pools", "access_tiers",
        "address_leases", "released_leases", "address_cursors", "usage_reports", "usage_counters", "audit_events", "publications", "publication_heads", "published_keys", "admin_tokens", "job_leases", "report_queue"};

    private static final String[] ADMISSION_TABLES = {"admission_snapshots", "admission_steps"};

    private StoreTables() {}

    static void empty(JdbcStore store) {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                s.executeUpdate("DELETE FROM " + t);
            }
            for (String t : ADMISSION_TABLES) {
                s.executeUpdate("DELETE FROM " + t);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void emptyBuckets(JdbcStore store) {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM rate_limit_buckets");
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(JdbcStore store, String sql) {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            c.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
