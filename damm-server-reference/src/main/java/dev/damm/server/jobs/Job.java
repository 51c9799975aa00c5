package dev.damm.server.jobs;

import dev.damm.spi.Require;

import java.time.Duration;

/**
 * A periodic piece of the server's work. With several servers on one store, {@link #run()} runs
 * only on the server holding the job's lease; every other server calls {@link #follow()} on the
 * same schedule instead.
 */
public interface Job {
    /** The lease's name: the same on every server. */
    String name();

    /** The delay between the end of one run and the start of the next. */
    Duration every();

    /** The work, on the leaseholder. */
    void run();

    /** What a server that does not hold the lease does meanwhile (nothing, unless said otherwise). */
    default void follow() {}

    /** A job that runs {@code work} on the leaseholder every {@code every} and does nothing elsewhere. */
    static Job every(String name, Duration every, Runnable work) {
        return new Periodic(name, every, work);
    }

    /** {@link #every}'s job. */
    record Periodic(String name, Duration every, Runnable work) implements Job {
        public Periodic {
            Require.text("name", name, 64);
            Require.nonNull("every", every);
            Require.nonNull("work", work);
        }

        @Override
        public void run() {
            work.run();
        }
    }
}
