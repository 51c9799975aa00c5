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
        return tx.update("mark usage report applied", "INSERT INTO usage_reports (gateway_id, report_id, applied_at) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, gateway.value());
                    ps.setString(2, reportId);
                    Rows.instant(ps, 3, at);
                }) == 1;
    }

    @Override
    public Optional<CounterSnapshot> lastCounters(DeviceId device, GatewayId gateway) {
        return tx.queryOne("read usage counters", "SELECT rx_bytes, tx_bytes, at FROM usage_counters WHERE device_id = ? AND gateway_id = ?",
                ps -> {
                    ps.setString(1, device.value());
                    ps.setString(2, gateway.value());
                }, rs -> new CounterSnapshot(rs.getLong("rx_bytes"), rs.getLong("tx_bytes"), Rows.instant(rs, "at")));
    }

    @Override
    public void saveCounters(DeviceId device, GatewayId gateway, CounterSnapshot c) {
        // Update, else insert; an insert that loses to a concurrent one leaves a row to update.
        // (No MERGE or ON CONFLICT DO UPDATE: H2 lacks the latter, PostgreSQL before 15 the former.)
        for (int attempt = 0; attempt < 2; attempt++) {
            int n = tx.update("save usage counters", "UPDATE usage_counters SET rx_bytes = ?, tx_bytes = ?, at = ? "
                    + "WHERE device_id = ? AND gateway_id = ?", ps -> {
                        ps.setLong(1, c.rxBytes());
                        ps.setLong(2, c.txBytes());
                        Rows.instant(ps, 3, c.at());
                        ps.setString(4, device.value());
                        ps.setString(5, gateway.value());
                    });
            if (n == 1) {
                return;
            }
            n = tx.update("save usage counters", "INSERT INTO usage_counters (device_id, gateway_id, rx_bytes, tx_bytes, at) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", ps -> {
                        ps.setString(1, device.value());
                        ps.setString(2, gateway.value());
                        ps.setLong(3, c.rxBytes());
                        ps.setLong(4, c.txBytes());
                        Rows.instant(ps, 5, c.at());
                    });
            if (n == 1) {
                return;
            }
        }
        throw new RetryableTransactionException("usage counters raced a concurrent writer");
    }
}
