package dev.damm.store.jdbc;

import dev.damm.core.model.GatewayId;
import dev.damm.core.store.AdmissionHistoryRepository;
import dev.damm.core.store.AdmissionSnapshot;
import dev.damm.core.store.AdmissionStep;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Admission history. The snapshot row of a gateway moves only by
 * {@code UPDATE ... WHERE serial < ?} (or is inserted when absent), whose row lock makes
 * concurrent writers queue and re-check, so of two servers recording the same serial exactly one
 * wins, as for publication heads.
 */
final class JdbcAdmissionHistory implements AdmissionHistoryRepository {
    private final JdbcTransaction tx;

    JdbcAdmissionHistory(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public Optional<AdmissionSnapshot> latest(GatewayId gatewayId) {
        return tx.jdbi("read admission snapshot", h -> h.createQuery(
                        "SELECT serial, set_json, published_at FROM admission_snapshots WHERE gateway_id = :g")
                .bind("g", gatewayId.value())
                .map((rs, ctx) -> new AdmissionSnapshot(gatewayId, rs.getLong("serial"), rs.getBytes("set_json"),
                        Rows.instant(rs, "published_at")))
                .findOne());
    }

    @Override
    public OptionalLong latestSerial(GatewayId gatewayId) {
        return tx.jdbi("read admission serial", h -> h.createQuery("SELECT serial FROM admission_snapshots WHERE gateway_id = :g")
                .bind("g", gatewayId.value())
                .mapTo(Long.class).findOne()).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void record(AdmissionSnapshot snapshot, Optional<AdmissionStep> step, int retain) {
        if (retain < 1) {
            throw DammException.invalid("retain", "must be at least 1, was " + retain);
        }
        step.ifPresent(st -> {
            if (!st.gatewayId().equals(snapshot.gatewayId()) || st.serial() != snapshot.serial()) {
                throw DammException.invalid("step", "must end at the snapshot's gateway and serial");
            }
        });
        String g = snapshot.gatewayId().value();
        int moved = tx.jdbi("advance admission snapshot", h -> h.createUpdate("UPDATE admission_snapshots "
                        + "SET serial = :serial, set_json = :json, published_at = :at WHERE gateway_id = :g AND serial < :serial")
                .bind("serial", snapshot.serial())
                .bind("json", snapshot.setJson())
                .bindByType("at", snapshot.publishedAt(), Instant.class)
                .bind("g", g)
                .execute());
        if (moved == 0) {
            int created = tx.jdbi("create admission snapshot", h -> h.createUpdate("INSERT INTO admission_snapshots "
                            + "(gateway_id, serial, set_json, published_at) VALUES (:g, :serial, :json, :at) ON CONFLICT DO NOTHING")
                    .bind("g", g)
                    .bind("serial", snapshot.serial())
                    .bind("json", snapshot.setJson())
                    .bindByType("at", snapshot.publishedAt(), Instant.class)
                    .execute());
            if (created == 0) {
                throw new DammException(ErrorCode.CONFLICT, "snapshot.serial: " + snapshot.serial() + " is not above "
                        + latest(snapshot.gatewayId()).map(s -> Long.toString(s.serial())).orElse("the newest serial") + " for " + g);
            }
        }
        step.ifPresent(st -> tx.jdbi("record admission step", h -> h.createUpdate("INSERT INTO admission_steps "
                        + "(gateway_id, serial, base_serial, delta_json) VALUES (:g, :serial, :base, :json)")
                .bind("g", g)
                .bind("serial", st.serial())
                .bind("base", st.baseSerial())
                .bind("json", st.deltaJson())
                .execute()));
        tx.jdbi("drop old admission steps", h -> h.createUpdate("DELETE FROM admission_steps WHERE gateway_id = :g AND serial <= :keepAbove")
                .bind("g", g)
                .bind("keepAbove", snapshot.serial() - retain)
                .execute());
    }

    @Override
    public List<AdmissionStep> stepsAfter(GatewayId gatewayId, long afterSerial, int limit) {
        return tx.jdbi("list admission steps", h -> h.createQuery("SELECT serial, base_serial, delta_json FROM admission_steps "
                        + "WHERE gateway_id = :g AND serial > :after ORDER BY serial LIMIT :limit")
                .bind("g", gatewayId.value())
                .bind("after", afterSerial)
                .bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> new AdmissionStep(gatewayId, rs.getLong("base_serial"), rs.getLong("serial"), rs.getBytes("delta_json")))
                .list());
    }
}
