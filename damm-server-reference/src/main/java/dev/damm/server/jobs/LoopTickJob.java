package dev.damm.server.jobs;

import dev.damm.core.loop.CatalogPublication;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.score.ClientReport;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The control loop's tick. On the leaseholder: the heartbeats other servers wrote to the store and
 * the client reports queued in the store (by any server) go into the score book, then the loop
 * evaluates and publishes every scope, and each publication goes to {@code published} (the
 * server's catalog cache). On every other server the loop only catches up on heartbeats and
 * evaluates its own book, so the catalogs it signs when a client asks for one it has
 * not cached follow the fleet as the store has it; serials come from the store's one sequence
 * per scope either way.
 */
public final class LoopTickJob implements Job {
    public static final String NAME = "loop-tick";
    /** Queued reports fed to the book per tick, at most; the rest wait for the next tick. */
    static final int MAX_REPORTS_PER_TICK = 50_000;

    private final ControlLoop loop;
    private final Duration every;
    private final Consumer<CatalogPublication> published;
    private final Runnable afterTick;

    public LoopTickJob(ControlLoop loop, Duration every, Consumer<CatalogPublication> published) {
        this(loop, every, published, () -> { });
    }

    /** As above; {@code afterTick} runs after every tick, led or followed (the operator data samples the vital signs there). */
    public LoopTickJob(ControlLoop loop, Duration every, Consumer<CatalogPublication> published, Runnable afterTick) {
        this.loop = Require.nonNull("loop", loop);
        this.every = Require.nonNull("every", every);
        this.published = Require.nonNull("published", published);
        this.afterTick = Require.nonNull("afterTick", afterTick);
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
        loop.heartbeatsFromStore();
        drainReports();
        for (CatalogPublication p : loop.tick()) {
            published.accept(p);
        }
        afterTick.run();
    }

    @Override
    public void follow() {
        loop.heartbeatsFromStore();
        loop.evaluate();
        afterTick.run();
    }

    /** Feeds the queued reports to the book; returns how many it took from the queue. */
    int drainReports() {
        List<ClientReport> reports = loop.plane().store().inTransaction(tx -> tx.reportQueue().take(MAX_REPORTS_PER_TICK));
        for (ClientReport r : reports) {
            try {
                loop.observe(r);
            } catch (DammException e) {
                // A path that left the fleet, or a report older than the book keeps: nothing to learn.
                if (e.errorCode() != ErrorCode.NOT_FOUND && e.errorCode() != ErrorCode.INVALID_ARGUMENT) {
                    throw e;
                }
            }
        }
        return reports.size();
    }
}
