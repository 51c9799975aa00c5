package dev.damm.store.jdbc;

import dev.damm.core.model.DeviceId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.store.UsageRepository;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.Optional;

/** Applied usage reports (the primary key makes applying one twice impossible) and last raw counters. */
final class JdbcUsage implements UsageRepository {
    private final JdbcTransaction tx;

    JdbcUsage(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public boolean markReportApplied(String reportId, GatewayId gateway, Instant at) {
        Require.text("reportId", reportId, 128);
        return tx.jdbi("mark usage report applied", h -> h.createUpdate("INSERT INTO usage_reports (gateway_id, report_id, applied_at) "
                + "VALUES (:gateway, :report, :at) ON CONFLICT DO NOTHING")
                .bind("gateway", gateway.value())
                .bind("report", reportId)
                .bindByType("at", at, Instant.class)
                .execute()) == 1;
    }

    @Override
    public Optional<CounterSnapshot> lastCounters(DeviceId device, GatewayId gateway) {
        return tx.jdbi("read usage counters", h -> h.createQuery(
                "SELECT rx_bytes, tx_bytes, at FROM usage_counters WHERE device_id = :device AND gateway_id = :gateway")
                .bind("device", device.value())
                .bind("gateway", gateway.value())
                .map((rs, ctx) -> new CounterSnapshot(rs.getLong("rx_bytes"), rs.getLong("tx_bytes"), Rows.instant(rs, "at")))
                .findOne());
    }

    @Override
    public void saveCounters(DeviceId device, GatewayId gateway, CounterSnapshot c) {
        // Update, else insert; an insert that loses to a concurrent one leaves a row to update.
        // (No MERGE or ON CONFLICT DO UPDATE: H2 lacks the latter, PostgreSQL before 15 the former.)
        for (int attempt = 0; attempt < 2; attempt++) {
            int n = tx.jdbi("save usage counters", h -> h.createUpdate("UPDATE usage_counters SET rx_bytes = :rx, tx_bytes = :tx, at = :at "
                    + "WHERE device_id = :device AND gateway_id = :gateway")
                    .bind("rx", c.rxBytes())
                    .bind("tx", c.txBytes())
                    .bindByType("at", c.at(), Instant.class)
                    .bind("device", device.value())
                    .bind("gateway", gateway.value())
                    .execute());
            if (n == 1) {
                return;
            }
            n = tx.jdbi("save usage counters", h -> h.createUpdate("INSERT INTO usage_counters (device_id, gateway_id, rx_bytes, tx_bytes, at) "
                    + "VALUES (:device, :gateway, :rx, :tx, :at) ON CONFLICT DO NOTHING")
                    .bind("device", device.value())
                    .bind("gateway", gateway.value())
                    .bind("rx", c.rxBytes())
                    .bind("tx", c.txBytes())
                    .bindByType("at", c.at(), Instant.class)
                    .execute());
            if (n == 1) {
                return;
            }
        }
        throw new RetryableTransactionException("usage counters raced a concurrent writer");
    }
}
