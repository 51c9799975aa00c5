package dev.damm.server.jobs;

import dev.damm.core.store.DammStore;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes install passes that expired unused more than {@code grace} ago, a batch per transaction,
 * so minted-but-never-used passes do not pile up. A used pass is kept: it records which device it
 * enrolled.
 */
public final class PassExpiryJob implements Job {
    public static final String NAME = "pass-expiry";
    static final int BATCH = 1_000;
    private final DammStore store;
    private final Clock clock;
    private final Duration every;
    private final Duration grace;

    public PassExpiryJob(DammStore store, Clock clock, Duration every, Duration grace) {
        this.store = Require.nonNull("store", store);
        this.clock = Require.nonNull("clock", clock);
        this.every = Require.nonNull("every", every);
        this.grace = Require.nonNull("grace", grace);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration every() {
        return every;
    }

    @Override
    public void run() {
        runOnce();
    }

    /** Deletes what is due now; returns how many passes were deleted. */
    public long runOnce() {
        Instant before = clock.instant().minus(grace);
        long total = 0;
        while (true) {
            int n = store.inTransaction(tx -> tx.installPasses().deleteExpiredUnused(before, BATCH));
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }
}
