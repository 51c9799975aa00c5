package dev.damm.store.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces concurrent callers' requests into batches, each run as one statement: group commit
 * for enrollment writes. A caller queues its
 * request; if fewer than {@code maxInFlight} batches are running it becomes a leader, takes
 * whatever is queued (up to {@code maxBatch}, never waiting for more) and runs it; otherwise it
 * waits. Each caller returns only when its own request is done (for a write: committed or
 * failed), with its own result or exception: the runner answers per item (see
 * {@link PostgresEnrollments}), so one item's failure is not another's.
 *
 * @param <I> a request
 * @param <O> its result
 */
final class Batcher<I, O> {
    /** Runs a batch and reports one result per request, in order: a result or the exception for that request. */
    @FunctionalInterface
    interface Runner<I> {
        List<Object> run(List<I> batch);
    }

    private final Runner<I> runner;
    private final int maxBatch;
    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final ArrayDeque<Pending<I>> queue = new ArrayDeque<>();
    private int inFlight;

    Batcher(Runner<I> runner, int maxBatch, int maxInFlight) {
        this.runner = runner;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    private static final class Pending<I> {
        final I request;
        Object result; // O or RuntimeException; set under the lock
        boolean done;

        Pending(I request) {
            this.request = request;
        }
    }

    @SuppressWarnings("unchecked")
    O submit(I request) {
        Pending<I> mine = new Pending<>(request);
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
        return (O) mine.result;
    }

    /** Called holding the lock; releases it while the batch runs. */
    private void lead() {
        List<Pending<I>> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        while (!queue.isEmpty() && batch.size() < maxBatch) {
            batch.add(queue.pollFirst());
        }
        inFlight++;
        lock.unlock();
        List<Object> results;
        try {
            List<I> requests = new ArrayList<>(batch.size());
            for (Pending<I> p : batch) {
                requests.add(p.request);
            }
            results = runner.run(requests);
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
