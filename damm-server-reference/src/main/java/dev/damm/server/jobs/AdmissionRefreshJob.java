package dev.damm.server.jobs;

import dev.damm.core.loop.ControlLoop;
import dev.damm.spi.Require;
import java.time.Duration;

/** Publishes a new admission set for each gateway whose admitted devices changed or whose set is half-way to expiry. */
public final class AdmissionRefreshJob implements Job {
    public static final String NAME = "admission-refresh";
    private final ControlLoop loop;
    private final Duration every;

    public AdmissionRefreshJob(ControlLoop loop, Duration every) {
        this.loop = Require.nonNull("loop", loop);
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
        loop.refreshAdmissions();
    }
}
