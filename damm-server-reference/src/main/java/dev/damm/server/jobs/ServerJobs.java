package dev.damm.server.jobs;

import dev.damm.core.loop.CatalogPublication;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.store.DammStore;
import dev.damm.server.http.ServerSettings;
import dev.damm.store.jdbc.AuditRetentionJob;
import jakarta.inject.Inject;
import dev.damm.core.ratelimit.RateLimitBackend;
import dev.damm.store.jdbc.PostgresRateLimitBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The reference server's jobs, as its settings configure them; the HTTP server starts them once it listens. */
public final class ServerJobs {
    /** Lease names of the jobs that are one call each; the others name theirs in their own class. */
    public static final String ADMISSION_REFRESH = "admission-refresh";
    public static final String AUDIT_RETENTION = "audit-retention";
    public static final String RATE_LIMIT_CLEANUP = "rate-limit-cleanup";
    static final int RATE_LIMIT_CLEANUP_BATCH = 10_000;
    private final ServerSettings settings;
    private final ControlLoop loop;
    private final DammStore store;
    private final Clock clock;
    private final RateLimitBackend rateLimits;

    @Inject
    public ServerJobs(ServerSettings settings, ControlLoop loop, DammStore store, Clock clock, RateLimitBackend rateLimits) {
        this.settings = settings;
        this.loop = loop;
        this.store = store;
        this.clock = clock;
        this.rateLimits = rateLimits;
    }

    /**
     * Starts every job; the loop tick hands each catalog publication to {@code published} and runs
     * {@code afterTick} when it is done, on the leaseholder and on every other server alike.
     */
    public JobScheduler start(Consumer<CatalogPublication> published, Runnable afterTick) {
        JobSettings j = settings.jobs();
        List<Job> jobs = new ArrayList<>(List.of(
                new LoopTickJob(loop, settings.tickEvery(), published, afterTick),
                // New admission sets for gateways whose admitted devices changed or whose set is half-way to expiry.
                Job.every(ADMISSION_REFRESH, j.admissionEvery(), loop::refreshAdmissions),
                // Audit events past the retention, a batch per transaction.
                Job.every(AUDIT_RETENTION, j.auditRetentionEvery(), new AuditRetentionJob(store, clock, j.auditRetention())::runOnce),
                new PassExpiryJob(store, clock, j.passExpiryEvery(), j.passExpiryGrace())));
        if (rateLimits instanceof PostgresRateLimitBackend shared) {
            // Shared buckets that refilled completely (a full bucket and no bucket mean the same), so
            // one-off client addresses do not pile up in rate_limit_buckets.
            jobs.add(Job.every(RATE_LIMIT_CLEANUP, Duration.ofMinutes(5), () -> {
                while (shared.removeExpired(RATE_LIMIT_CLEANUP_BATCH) >= RATE_LIMIT_CLEANUP_BATCH) {
                    // another batch is due
                }
            }));
        }
        JobScheduler s = new JobScheduler(store, clock, j.lease(), jobs);
        s.start();
        return s;
    }
}
