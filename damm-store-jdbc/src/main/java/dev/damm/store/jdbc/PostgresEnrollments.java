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
import java.util.concurrent.atomic.LongAdder;

/**
 * Enrollment writes on PostgreSQL: a batch of them is one function call, one statement in
 * autocommit, so one round trip and one commit for the whole batch. First
 * {@code damm_enroll_unrefused} (migration V4_3), which writes the batch only if nothing in it is
 * refused and otherwise raises, committing nothing; then, for a batch it did not write,
 * {@code damm_enroll} (V4_1, V4_2), which decides each item's outcome. When the database refuses
 * that statement (a unique violation from a race with another transaction, a serialization
 * failure, a deadlock) nothing of it was committed, and the writes run again one per statement,
 * each with the store's retries, so each caller gets its own outcome or error. After any other
 * failure (a lost connection) the batch may have committed, so every caller gets the error
 * rather than a re-run.
 */
final class PostgresEnrollments {
    /** The same future-heartbeat tolerance as Gateway.acceptsPlacements. */
    static final long HEARTBEAT_FUTURE_SKEW_MS = Gateway.HEARTBEAT_FUTURE_SKEW.toMillis();
    private static final int PARAMETERS = 32;
    private static final String CALL = call("SELECT item, outcome, expires_at, session_limit, claim FROM damm_enroll(");
    private static final String CALL_UNREFUSED = call("SELECT damm_enroll_unrefused(");
    /**
     * Raised by damm_enroll_unrefused when an item may be refused: the batch goes to damm_enroll.
     * Class ZD: SQL leaves classes beginning I to Z to implementations; PostgreSQL's own there are P0 and XX.
     */
    private static final String NEEDS_FULL_CHECK = "ZD001";

    private final JdbcStore store;
    /** Batches written by damm_enroll_unrefused, and batches that went to damm_enroll (tests read these). */
    final LongAdder unrefusedBatches = new LongAdder();
    final LongAdder checkedBatches = new LongAdder();

    private static String call(String prefix) {
        StringBuilder sql = new StringBuilder(prefix);
        for (int i = 0; i < PARAMETERS; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        return sql.append(")").toString();
    }

    PostgresEnrollments(JdbcStore store) {
        this.store = store;
    }

    /**
     * The batcher's runner: the batch as one statement, or item by item when that fails. Items
     * damm_enroll could not decide (their outcome hung on another item of the batch) run again
     * on their own afterwards.
     */
    List<BatchResult<EnrollmentOutcome>> run(List<EnrollmentWrite> batch) {
        Arguments args = new Arguments(batch);
        try {
            writeUnrefused(args);
            unrefusedBatches.increment();
            List<BatchResult<EnrollmentOutcome>> r = new ArrayList<>(batch.size());
            batch.forEach(w -> r.add(new BatchResult.Done<>(new EnrollmentOutcome.Enrolled())));
            return r;
        } catch (SQLException e) {
            if (!refused(e)) {
                return failAll(batch, e);
            }
            // Refused, so nothing of it was committed: the full check decides.
        }
        checkedBatches.increment();
        try {
            List<Verdict> verdicts = call(args);
            List<BatchResult<EnrollmentOutcome>> r = new ArrayList<>(batch.size());
            for (int i = 0; i < verdicts.size(); i++) {
                if (verdicts.get(i) instanceof Verdict.Decided d) {
                    r.add(new BatchResult.Done<>(d.outcome()));
                } else {
                    // Depended on another item of the batch: on its own, it cannot.
                    r.add(single(batch.get(i)));
                }
            }
            return r;
        } catch (SQLException e) {
            if (!refused(e)) {
                return failAll(batch, e);
            }
            List<BatchResult<EnrollmentOutcome>> out = new ArrayList<>(batch.size());
            for (EnrollmentWrite w : batch) {
                out.add(single(w));
            }
            return out;
        }
    }

    /** damm_enroll's answer for one item: an outcome, or RETRY (written nothing; decide it on its own). */
    private sealed interface Verdict {
        record Decided(EnrollmentOutcome outcome) implements Verdict {}

        record Undecided() implements Verdict {}
    }

    /**
     * Only a statement the database refused is known not to have committed; after a lost
     * connection it may have, and running it again would misreport those callers.
     */
    private static boolean refused(SQLException e) {
        String state = JdbcTransaction.sqlState(e);
        return state != null && (state.startsWith("23") || state.startsWith("40") || NEEDS_FULL_CHECK.equals(state));
    }

    private static List<BatchResult<EnrollmentOutcome>> failAll(List<EnrollmentWrite> batch, SQLException e) {
        RuntimeException failure = JdbcTransaction.translate("enroll", e);
        List<BatchResult<EnrollmentOutcome>> out = new ArrayList<>(batch.size());
        batch.forEach(w -> out.add(new BatchResult.Failed<>(failure)));
        return out;
    }

    private BatchResult<EnrollmentOutcome> single(EnrollmentWrite w) {
        try {
            return new BatchResult.Done<>(store.withRetries(() -> {
                try {
                    if (call(new Arguments(List.of(w))).get(0) instanceof Verdict.Decided d) {
                        return d.outcome();
                    }
                    throw new RetryableTransactionException("enrollment could not be decided on its own");
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
            return new BatchResult.Failed<>(e);
        }
    }

    /** The batch as damm_enroll's and damm_enroll_unrefused's arguments, built once for either call. */
    private static final class Arguments {
        final int n;
        final byte[][] passHash;
        final String[] id;
        final String[] name;
        final byte[][] publicKey;
        final byte[][] credential;
        final String[] addresses;
        final String[] gateway;
        final String[] frontDoor;
        final String[] egress;
        final String[] quarantineEgress;
        final String[] tier;
        final String[] region;
        final String[] exit;
        final String[] state;
        final String[] suspension;
        final Long[] rx;
        final Long[] tx;
        final Long[] trustRoot;
        final String[] created;
        final String[] updated;
        final String[] hbSince;
        final String[] hbBefore;
        final String[] reusable;
        final List<Integer> claimItem = new ArrayList<>();
        final List<String> claimPool = new ArrayList<>();
        final List<Long> claimOffset = new ArrayList<>();
        final List<AddressClaim> claims = new ArrayList<>();
        final String[] actor;
        final String[] action;
        final String[] target;
        final String[] before;
        final String[] after;
        /** tier_device_counts stripe for the whole batch: one row lock per batch. */
        final int stripe = ThreadLocalRandom.current().nextInt(JdbcDevices.STRIPES);

        Arguments(List<EnrollmentWrite> batch) {
            n = batch.size();
            passHash = new byte[n][];
            id = new String[n];
            name = new String[n];
            publicKey = new byte[n][];
            credential = new byte[n][];
            addresses = new String[n];
            gateway = new String[n];
            frontDoor = new String[n];
            egress = new String[n];
            quarantineEgress = new String[n];
            tier = new String[n];
            region = new String[n];
            exit = new String[n];
            state = new String[n];
            suspension = new String[n];
            rx = new Long[n];
            tx = new Long[n];
            trustRoot = new Long[n];
            created = new String[n];
            updated = new String[n];
            hbSince = new String[n];
            hbBefore = new String[n];
            reusable = new String[n];
            actor = new String[n];
            action = new String[n];
            target = new String[n];
            before = new String[n];
            after = new String[n];
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
        }

        void bind(Connection c, PreparedStatement ps) throws SQLException {
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
            ps.setInt(p, stripe);
        }
    }

    /** Reads a function's result set. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** One call of {@code sql} with the batch's arguments: one statement, its own transaction (no BEGIN, no COMMIT round trip). */
    private <T> T execute(String sql, Arguments args, Reader<T> reader) throws SQLException {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                args.bind(c, ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            } finally {
                c.setAutoCommit(false);
            }
        }
    }

    /**
     * One call of damm_enroll_unrefused, which wrote the whole batch if it returns; a refusal is
     * its SQLException (ZD001, or the constraint's 23xxx), with nothing committed.
     */
    private void writeUnrefused(Arguments args) throws SQLException {
        int written = execute(CALL_UNREFUSED, args, rs -> rs.next() ? rs.getInt(1) : -1);
        if (written != args.n) {
            throw new SQLException("damm_enroll_unrefused wrote " + written + " of a batch of " + args.n, "XX000");
        }
    }

    /** One call of damm_enroll; a verdict per write, in order. */
    private List<Verdict> call(Arguments args) throws SQLException {
        List<Verdict> out = execute(CALL, args, rs -> {
            List<Verdict> outcomes = new ArrayList<>(args.n);
            while (rs.next()) {
                outcomes.add(outcome(rs, args.claims));
            }
            return outcomes;
        });
        if (out.size() != args.n) {
            throw new SQLException("damm_enroll returned " + out.size() + " outcomes for " + args.n + " enrollments", "XX000");
        }
        return out;
    }

    private static Verdict outcome(ResultSet rs, List<AddressClaim> claims) throws SQLException {
        String o = rs.getString("outcome");
        if ("RETRY".equals(o)) {
            return new Verdict.Undecided();
        }
        return new Verdict.Decided(decided(o, rs, claims));
    }

    private static EnrollmentOutcome decided(String o, ResultSet rs, List<AddressClaim> claims) throws SQLException {
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
            default -> throw new SQLException("damm_enroll returned an unknown outcome " + o, "XX000");
        }
    }

    /** An instant as PostgreSQL reads it, at the microsecond precision the store keeps. */
    private static String text(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
