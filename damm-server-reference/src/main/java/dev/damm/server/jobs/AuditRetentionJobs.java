package dev.damm.server.jobs;

import dev.damm.store.jdbc.AuditRetentionJob;
import dev.damm.spi.Require;
import java.time.Duration;

/** Deletes audit events past their retention, in batches (the store's {@link AuditRetentionJob}). */
public final class AuditRetentionJobs implements Job {
    public static final String NAME = "audit-retention";
    private final AuditRetentionJob job;
    private final Duration every;

    public AuditRetentionJobs(AuditRetentionJob job, Duration every) {
        this.job = Require.nonNull("job", job);
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
        job.runOnce();
    }
}
