package dev.damm.store.jdbc;

import dev.damm.core.model.Device;
import dev.damm.core.model.Gateway;
import dev.damm.core.store.AddressClaim;
import dev.damm.core.store.EnrollmentOutcome;
import dev.damm.core.store.EnrollmentWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Enrollment writes on PostgreSQL: a batch of them is one call of the {@code damm_enroll}
 * function (migration V4_1), one statement in autocommit, so one round trip and one commit for
 * the whole batch. When the database refuses the statement (a unique violation from a race with
 * another transaction, a serialization failure, a deadlock) nothing of it was committed, and the
 * writes run again one per statement, each with the store's retries, so each caller gets its own
 * outcome or error. After any other failure (a lost connection) the batch may have committed, so
 * every caller gets the error rather than a re-run.
 */
final class PostgresEnrollments {
    /** The same future-heartbeat tolerance as Gateway.acceptsPlacements. */
    static final long HEARTBEAT_FUTURE_SKEW_MS = Gateway.HEARTBEAT_FUTURE_SKEW.toMillis();
    private static final int PARAMETERS = 32;
    private static final String CALL;

    static {
        StringBuilder sql = new StringBuilder("SELECT item, outcome, expires_at, session_limit, claim FROM damm_enroll(");
        for (int i = 0; i < PARAMETERS; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        CALL = sql.append(")").toString();
    }

    private final JdbcStore store;

    PostgresEnrollments(JdbcStore store) {
        this.store = store;
    }

    /**
     * The batcher's runner: the batch as one statement, or item by item when that fails. Items
     * the function returns as RETRY (their outcome hung on another item of the batch) run again
     * on their own afterwards.
     */
    List<Object> run(List<EnrollmentWrite> batch) {
        try {
            List<Object> r = new ArrayList<>(call(batch));
            for (int i = 0; i < r.size(); i++) {
                if (r.get(i) == null) {
                    // Depended on another item of the batch: on its own, it cannot.
                    r.set(i, single(batch.get(i)).get(0));
                }
            }
            return r;
        } catch (SQLException e) {
            String state = JdbcTransaction.sqlState(e);
            // Only a statement the database refused is known not to have committed; after a
            // lost connection it may have, and running it again would misreport those callers.
            boolean refused = state != null && (state.startsWith("23") || state.startsWith("40"));
            if (!refused) {
                RuntimeException failure = JdbcTransaction.translate("enroll", e);
                List<Object> out = new ArrayList<>(batch.size());
                batch.forEach(w -> out.add(failure));
                return out;
            }
            List<Object> out = new ArrayList<>(batch.size());
            for (EnrollmentWrite w : batch) {
                out.addAll(single(w));
            }
            return out;
        }
    }

    private List<Object> single(EnrollmentWrite w) {
        try {
            return List.of(store.withRetries(() -> {
                try {
                    EnrollmentOutcome o = call(List.of(w)).get(0);
                    if (o == null) {
                        throw new RetryableTransactionException("enrollment could not be decided on its own");
                    }
                    return o;
                } catch (SQLException e) {
                    // A unique violation here is a race with a transaction that has committed
                    // since: the next attempt sees its row and reports the rule it broke.
                    if ("23505".equals(JdbcTransaction.sqlState(e))) {
                        throw new RetryableTransactionException("enrollment raced a concurrent one (" + JdbcTransaction.constraintName(e) + ")");
                    }
                    throw JdbcTransaction.translate("enroll", e);
                }
            }));
        } catch (RuntimeException e) {
            return List.of(e);
        }
    }

    /** One call of damm_enroll; an outcome per write, null for RETRY. */
    private List<EnrollmentOutcome> call(List<EnrollmentWrite> batch) throws SQLException {
        int n = batch.size();
        byte[][] passHash = new byte[n][];
        String[] id = new String[n];
        String[] name = new String[n];
        byte[][] publicKey = new byte[n][];
        byte[][] credential = new byte[n][];
        String[] addresses = new String[n];
        String[] gateway = new String[n];
        String[] frontDoor = new String[n];
        String[] egress = new String[n];
        String[] quarantineEgress = new String[n];
        String[] tier = new String[n];
        String[] region = new String[n];
        String[] exit = new String[n];
        String[] state = new String[n];
        String[] suspension = new String[n];
        Long[] rx = new Long[n];
        Long[] tx = new Long[n];
        Long[] trustRoot = new Long[n];
        String[] created = new String[n];
        String[] updated = new String[n];
        String[] hbSince = new String[n];
        String[] hbBefore = new String[n];
        String[] reusable = new String[n];
        List<Integer> claimItem = new ArrayList<>();
        List<String> claimPool = new ArrayList<>();
        List<Long> claimOffset = new ArrayList<>();
        List<AddressClaim> claims = new ArrayList<>();
        String[] actor = new String[n];
        String[] action = new String[n];
        String[] target = new String[n];
        String[] before = new String[n];
        String[] after = new String[n];
        for (int i = 0; i < n; i++) {
            EnrollmentWrite w = batch.get(i);
            Device d = w.device();
            passHash[i] = w.passHash();
            id[i] = d.id().value();
            name[i] = d.name();
            publicKey[i] = d.publicKey().bytes();
            credential[i] = d.credentialHash();
            addresses[i] = Rows.networks(d.tunnelAddresses());
            gateway[i] = d.gatewayId().value();
            frontDoor[i] = d.frontDoorId().value();
            egress[i] = d.egressPoolId().value();
            quarantineEgress[i] = d.quarantineEgressPoolId().map(x -> x.value()).orElse(null);
            tier[i] = d.tierId().value();
            region[i] = d.region().value();
            exit[i] = d.exitCountry().value();
            state[i] = d.state().name();
            suspension[i] = d.suspension().map(Enum::name).orElse(null);
            rx[i] = d.rxBytes();
            tx[i] = d.txBytes();
            trustRoot[i] = d.trustRootVersion();
            created[i] = text(d.createdAt());
            updated[i] = text(d.updatedAt());
            long nowMs = w.now().toEpochMilli();
            hbSince[i] = text(Instant.ofEpochMilli(nowMs - w.heartbeatTtl().toMillis()));
            hbBefore[i] = text(Instant.ofEpochMilli(nowMs + HEARTBEAT_FUTURE_SKEW_MS + 1));
            reusable[i] = text(w.reusableBefore());
            for (AddressClaim c : w.claims()) {
                claimItem.add(i + 1);
                claimPool.add(c.poolId());
                claimOffset.add(c.offset());
                claims.add(c);
            }
            actor[i] = w.audit().actor();
            action[i] = w.audit().action();
            target[i] = w.audit().target();
            before[i] = w.audit().before().orElse(null);
            after[i] = w.audit().after().orElse(null);
        }
        try (Connection c = store.dataSource().getConnection()) {
            // One statement, its own transaction: no BEGIN, no separate COMMIT round trip.
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(CALL)) {
                int p = 1;
                ps.setArray(p++, c.createArrayOf("bytea", passHash));
                ps.setArray(p++, c.createArrayOf("text", id));
                ps.setArray(p++, c.createArrayOf("text", name));
                ps.setArray(p++, c.createArrayOf("bytea", publicKey));
                ps.setArray(p++, c.createArrayOf("bytea", credential));
                ps.setArray(p++, c.createArrayOf("text", addresses));
                ps.setArray(p++, c.createArrayOf("text", gateway));
                ps.setArray(p++, c.createArrayOf("text", frontDoor));
                ps.setArray(p++, c.createArrayOf("text", egress));
                ps.setArray(p++, c.createArrayOf("text", quarantineEgress));
                ps.setArray(p++, c.createArrayOf("text", tier));
                ps.setArray(p++, c.createArrayOf("text", region));
                ps.setArray(p++, c.createArrayOf("text", exit));
                ps.setArray(p++, c.createArrayOf("text", state));
                ps.setArray(p++, c.createArrayOf("text", suspension));
                ps.setArray(p++, c.createArrayOf("int8", rx));
                ps.setArray(p++, c.createArrayOf("int8", tx));
                ps.setArray(p++, c.createArrayOf("int8", trustRoot));
                ps.setArray(p++, c.createArrayOf("timestamptz", created));
                ps.setArray(p++, c.createArrayOf("timestamptz", updated));
                ps.setArray(p++, c.createArrayOf("timestamptz", hbSince));
                ps.setArray(p++, c.createArrayOf("timestamptz", hbBefore));
                ps.setArray(p++, c.createArrayOf("timestamptz", reusable));
                ps.setArray(p++, c.createArrayOf("int4", claimItem.toArray(new Integer[0])));
                ps.setArray(p++, c.createArrayOf("text", claimPool.toArray(new String[0])));
                ps.setArray(p++, c.createArrayOf("int8", claimOffset.toArray(new Long[0])));
                ps.setArray(p++, c.createArrayOf("text", actor));
                ps.setArray(p++, c.createArrayOf("text", action));
                ps.setArray(p++, c.createArrayOf("text", target));
                ps.setArray(p++, c.createArrayOf("text", before));
                ps.setArray(p++, c.createArrayOf("text", after));
                ps.setInt(p, ThreadLocalRandom.current().nextInt(JdbcDevices.STRIPES));
                List<EnrollmentOutcome> out = new ArrayList<>(n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(outcome(rs, claims));
                    }
                }
                if (out.size() != n) {
                    throw new SQLException("damm_enroll returned " + out.size() + " outcomes for " + n + " enrollments", "XX000");
                }
                return out;
            } finally {
                c.setAutoCommit(false);
            }
        }
    }

    private static EnrollmentOutcome outcome(ResultSet rs, List<AddressClaim> claims) throws SQLException {
        String o = rs.getString("outcome");
        switch (o) {
            case "ENROLLED" -> {
                return new EnrollmentOutcome.Enrolled();
            }
            case "PASS_UNKNOWN" -> {
                return new EnrollmentOutcome.PassUnknown();
            }
            case "PASS_USED" -> {
                return new EnrollmentOutcome.PassUsed();
            }
            case "PASS_EXPIRED" -> {
                return new EnrollmentOutcome.PassExpired(Rows.instant(rs, "expires_at"));
            }
            case "TIER_MISSING" -> {
                return new EnrollmentOutcome.TierMissing();
            }
            case "SESSION_LIMIT" -> {
                return new EnrollmentOutcome.SessionLimitReached(rs.getInt("session_limit"));
            }
            case "PUBLIC_KEY_TAKEN" -> {
                return new EnrollmentOutcome.PublicKeyTaken();
            }
            case "GATEWAY_UNAVAILABLE" -> {
                return new EnrollmentOutcome.GatewayUnavailable();
            }
            case "ADDRESS_TAKEN" -> {
                return new EnrollmentOutcome.AddressTaken(claims.get(rs.getInt("claim") - 1));
            }
            case "RETRY" -> {
                return null; // written nothing; see run
            }
            default -> throw new SQLException("damm_enroll returned an unknown outcome " + o, "XX000");
        }
    }

    /** An instant as PostgreSQL reads it, at the microsecond precision the store keeps. */
    private static String text(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
