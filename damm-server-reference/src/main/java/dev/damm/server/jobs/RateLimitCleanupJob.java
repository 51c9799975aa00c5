package dev.damm.server.jobs;

import dev.damm.spi.Require;
import dev.damm.store.jdbc.PostgresRateLimitBackend;
import java.time.Duration;

/**
 * Deletes shared rate-limit buckets that have refilled completely (a full bucket and no bucket
 * mean the same), so one-off client addresses do not pile up in {@code rate_limit_buckets}.
 * Only with the PostgreSQL backend; in-process buckets are bounded by their cache.
 */
public final class RateLimitCleanupJob implements Job {
    public static final String NAME = "rate-limit-cleanup";
    static final int BATCH = 10_000;
    private final PostgresRateLimitBackend backend;
    private final Duration every;

    public RateLimitCleanupJob(PostgresRateLimitBackend backend, Duration every) {
        this.backend = Require.nonNull("backend", backend);
        this.every = Require.nonNull("every", every);
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
        while (backend.removeExpired(BATCH) >= BATCH) {
            // another batch is due
        }
    }
}
