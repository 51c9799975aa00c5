package dev.damm.store.jdbc;

import dev.damm.core.store.EnrollmentOutcome;
import dev.damm.core.store.EnrollmentWrite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for enrollments: concurrent callers' writes are coalesced into one statement and
 * one commit. A caller queues its write; if fewer than {@code maxInFlight} batches are running it
 * becomes a leader, takes whatever is queued (up to {@code maxBatch}, never waiting for more) and
 * runs it; otherwise it waits. Each caller returns only when its own write has been committed or
 * has failed, with its own outcome or exception: the runner decides per item (see
 * {@link PostgresEnrollments}), so one item's failure is not another's.
 */
final class EnrollmentBatcher {
    /** Runs a batch and reports one result per write, in order: an outcome or the exception for that write. */
    @FunctionalInterface
    interface Runner {
        List<Object> run(List<EnrollmentWrite> batch);
    }

    private final Runner runner;
    private final int maxBatch;
    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    EnrollmentBatcher(Runner runner, int maxBatch, int maxInFlight) {
        this.runner = runner;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    private static final class Pending {
        final EnrollmentWrite write;
        Object result; // EnrollmentOutcome or RuntimeException; set under the lock
        boolean done;

        Pending(EnrollmentWrite write) {
            this.write = write;
        }
    }

    EnrollmentOutcome submit(EnrollmentWrite write) {
        Pending mine = new Pending(write);
        lock.lock();
        try {
            queue.addLast(mine);
            while (!mine.done) {
                if (inFlight < maxInFlight && !queue.isEmpty()) {
                    lead();
                } else {
                    finished.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.result instanceof RuntimeException e) {
            throw e;
        }
        return (EnrollmentOutcome) mine.result;
    }

    /** Called holding the lock; releases it while the batch runs. */
    private void lead() {
        List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        while (!queue.isEmpty() && batch.size() < maxBatch) {
            batch.add(queue.pollFirst());
        }
        inFlight++;
        lock.unlock();
        List<Object> results;
        try {
            List<EnrollmentWrite> writes = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                writes.add(p.write);
            }
            results = runner.run(writes);
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : new IllegalStateException("store: an enrollment batch failed", e);
            results = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                results.add(failure);
            }
        } finally {
            lock.lock();
        }
        inFlight--;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result = results.get(i);
            batch.get(i).done = true;
        }
        finished.signalAll();
    }
}
