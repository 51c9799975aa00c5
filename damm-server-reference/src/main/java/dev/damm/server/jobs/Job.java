package dev.damm.server.jobs;

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
}
