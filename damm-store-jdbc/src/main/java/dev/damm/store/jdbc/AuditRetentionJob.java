package dev.damm.store.jdbc;

import dev.damm.core.store.DammStore;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit events older than the retention period, so the audit log holds a sliding window
 * instead of growing forever. Meant to be scheduled (e.g. hourly) by the server; safe to run on
 * several servers at once.
 *
 * <p>On a {@link JdbcStore} it deletes in batches, each in its own short transaction, so a large
 * backlog neither holds locks for long nor produces one huge transaction; on any other store it
 * calls {@code deleteBefore} once.
 */
public final class AuditRetentionJob implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRetentionJob.class);

    private final DammStore store;
    private final Clock clock;
    private final Duration retention;
    private final int batchSize;

    /** Keeps {@code retention} worth of events, deleting 5,000 per transaction. */
    public AuditRetentionJob(DammStore store, Clock clock, Duration retention) {
        this(store, clock, retention, 5_000);
    }

    public AuditRetentionJob(DammStore store, Clock clock, Duration retention, int batchSize) {
        this.store = Require.nonNull("store", store);
        this.clock = Require.nonNull("clock", clock);
        Require.nonNull("retention", retention);
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw DammException.invalid("retention", "must be at least one hour, was " + retention);
        }
        this.retention = retention;
        this.batchSize = Require.range("batchSize", batchSize, 1, 1_000_000);
    }

    /** Deletes what is past retention now; returns the number of events deleted. */
    public long runOnce() {
        Instant cutoff = clock.instant().minus(retention);
        if (!(store instanceof JdbcStore)) {
            return store.inTransaction(tx -> tx.audit().deleteBefore(cutoff));
        }
        long total = 0;
        while (true) {
            long deleted = store.inTransaction(tx -> ((JdbcTransaction) tx).auditLog().deleteBatchBefore(cutoff, batchSize));
            total += deleted;
            if (deleted < batchSize) {
                return total;
            }
        }
    }

    /** Runs once and logs the outcome; failures are logged, not thrown, so a scheduler keeps it scheduled. */
    @Override
    public void run() {
        try {
            long deleted = runOnce();
            if (deleted > 0) {
                LOG.info("audit retention: deleted {} events older than {}", deleted, retention);
            }
        } catch (DammException e) {
            LOG.warn("audit retention failed: {}", e.toString());
        }
    }
}
