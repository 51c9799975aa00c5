package dev.damm.server.jobs;

import dev.damm.core.loop.CatalogPublication;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.store.DammStore;
import dev.damm.server.http.ServerSettings;
import dev.damm.store.jdbc.AuditRetentionJob;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** The reference server's jobs, as its settings configure them; the HTTP server starts them once it listens. */
public final class ServerJobs {
    private final ServerSettings settings;
    private final ControlLoop loop;
    private final DammStore store;
    private final Clock clock;

    @Inject
    public ServerJobs(ServerSettings settings, ControlLoop loop, DammStore store, Clock clock) {
        this.settings = settings;
        this.loop = loop;
        this.store = store;
        this.clock = clock;
    }

    /** Starts every job; the loop tick hands each catalog publication to {@code published}. */
    public JobScheduler start(Consumer<CatalogPublication> published) {
        JobSettings j = settings.jobs();
        JobScheduler s = new JobScheduler(store, clock, j.lease(), List.of(
                new LoopTickJob(loop, settings.tickEvery(), published),
                new AdmissionRefreshJob(loop, j.admissionEvery()),
                new AuditRetentionJobs(new AuditRetentionJob(store, clock, j.auditRetention()), j.auditRetentionEvery()),
                new PassExpiryJob(store, clock, j.passExpiryEvery(), j.passExpiryGrace())));
        s.start();
        return s;
    }
}
