package dev.damm.store.jdbc;

import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.score.ClientReport;
import dev.damm.core.score.PathKey;
import dev.damm.core.store.ReportQueueRepository;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Client reports waiting for the loop, as rows of {@code report_queue} numbered in arrival order.
 * Taking locks the oldest rows ({@code FOR UPDATE}) and deletes exactly those, so two takers
 * never both get one report.
 */
final class JdbcReportQueue implements ReportQueueRepository {
    private final JdbcTransaction tx;

    JdbcReportQueue(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public void append(List<ClientReport> reports) {
        Require.nonNull("reports", reports);
        if (reports.isEmpty()) {
            return;
        }
        tx.jdbi("queue client reports", h -> {
            PreparedBatch b = h.prepareBatch("INSERT INTO report_queue (gateway_id, front_door_id, egress_pool_id, reported_at, succeeded, "
                    + "rtt_millis, throughput_mbps) VALUES (:g, :d, :p, :at, :ok, :rtt, :mbps)");
            for (ClientReport r : reports) {
                Require.nonNull("report", r);
                b.bind("g", r.path().gatewayId().value())
                        .bind("d", r.path().frontDoorId().value())
                        .bind("p", r.path().egressPoolId().value())
                        .bindByType("at", r.at(), Instant.class)
                        .bind("ok", r.succeeded())
                        .bindByType("rtt", r.rttMillis().isPresent() ? r.rttMillis().getAsDouble() : null, Double.class)
                        .bindByType("mbps", r.throughputMbps().isPresent() ? r.throughputMbps().getAsDouble() : null, Double.class)
                        .add();
            }
            return b.execute();
        });
    }

    private record Row(long id, ClientReport report) {}

    @Override
    public List<ClientReport> take(int max) {
        Require.range("max", max, 1, 1_000_000);
        List<Row> rows = tx.jdbi("read queued client reports", h -> h.createQuery("SELECT id, gateway_id, front_door_id, egress_pool_id, "
                + "reported_at, succeeded, rtt_millis, throughput_mbps FROM report_queue ORDER BY id LIMIT :max FOR UPDATE")
                .bind("max", max)
                .map((rs, ctx) -> {
                    double rtt = rs.getDouble("rtt_millis");
                    boolean noRtt = rs.wasNull();
                    double mbps = rs.getDouble("throughput_mbps");
                    boolean noMbps = rs.wasNull();
                    PathKey path = new PathKey(GatewayId.of(rs.getString("gateway_id")), FrontDoorId.of(rs.getString("front_door_id")),
                            EgressPoolId.of(rs.getString("egress_pool_id")));
                    return new Row(rs.getLong("id"), new ClientReport(path, Rows.instant(rs, "reported_at"), rs.getBoolean("succeeded"),
                            noRtt ? OptionalDouble.empty() : OptionalDouble.of(rtt), noMbps ? OptionalDouble.empty() : OptionalDouble.of(mbps)));
                })
                .list());
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(Row::id).toList();
        tx.jdbi("delete queued client reports", h -> h.createUpdate("DELETE FROM report_queue WHERE id IN (<ids>)")
                .bindList("ids", ids)
                .execute());
        List<ClientReport> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.report()));
        return out;
    }

    @Override
    public long size() {
        return tx.jdbi("count queued client reports", h -> h.createQuery("SELECT COUNT(*) FROM report_queue").mapTo(Long.class).one());
    }
}
