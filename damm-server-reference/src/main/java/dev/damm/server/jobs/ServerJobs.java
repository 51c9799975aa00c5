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
                new AdmissionRefreshJob(loop, j.admissionEvery()),
                new AuditRetentionJobs(new AuditRetentionJob(store, clock, j.auditRetention()), j.auditRetentionEvery()),
                new PassExpiryJob(store, clock, j.passExpiryEvery(), j.passExpiryGrace())));
        if (rateLimits instanceof PostgresRateLimitBackend shared) {
            jobs.add(new RateLimitCleanupJob(shared, Duration.ofMinutes(5)));
        }
        JobScheduler s = new JobScheduler(store, clock, j.lease(), jobs);
        s.start();
        return s;
    }
}
