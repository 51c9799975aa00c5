package dev.damm.core.catalog;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread, helped by up to {@code helpers} threads of an
 * executor the host application chose.
 *
 * <p>The calling thread always takes part and never waits for a helper that has not started, so a
 * busy or saturated executor only makes the work slower, never stuck. Which thread runs which task
 * does not change the results: each task writes only its own slot.
 */
final class Workers {
    /** Everything on the calling thread. */
    static final Workers CALLER = new Workers(null, 0);

    private final Executor executor;
    private final int helpers;

    private Workers(Executor executor, int helpers) {
        this.executor = executor;
        this.helpers = helpers;
    }

    /**
     * Workers helped by {@code executor}: as many helpers as a {@link ForkJoinPool}'s parallelism,
     * otherwise one fewer than the available processors (the calling thread is the other one).
     */
    static Workers on(Executor executor) {
        int helpers = executor instanceof ForkJoinPool p ? p.getParallelism() : Runtime.getRuntime().availableProcessors() - 1;
        return helpers < 1 ? CALLER : new Workers(executor, helpers);
    }

    /** Returns the executor helpers run on, or null when everything runs on the calling thread. */
    Executor executor() {
        return executor;
    }

    /** Runs {@code task} for 0 .. count-1 and returns when all have finished; rethrows the first failure. */
    void run(int count, IntConsumer task) {
        int h = executor == null ? 0 : Math.min(helpers, count - 1);
        if (h <= 0) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.countDown();
                }
            }
        };
        for (int k = 0; k < h; k++) {
            try {
                executor.execute(drain);
            } catch (RejectedExecutionException e) {
                break; // the calling thread does the rest
            }
        }
        drain.run();
        // Every task is taken by now; wait only for those a running helper is still on.
        awaitUninterruptibly(finished);
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new DammException(ErrorCode.INTERNAL, "catalog: encoding failed", t);
        }
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
