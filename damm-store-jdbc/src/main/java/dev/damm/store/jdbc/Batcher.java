package dev.damm.store.jdbc;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces concurrent callers' requests into batches, each run as one statement: group commit
 * for enrollment writes. A caller queues its request; if fewer than {@code maxInFlight} batches
 * are running it becomes a leader, takes whatever is queued (up to {@code maxBatch}, never
 * waiting for more) and runs it; otherwise it waits. Each caller returns only when its own
 * request is done (for a write: committed or failed), with its own result or exception: the
 * runner answers per item ({@link BatchResult}), so one item's failure is not another's.
 *
 * <p>No caller waits forever: whatever the runner does, every request of a batch it was given is
 * answered when it returns or throws. A runner that throws (an {@code Error} included) gives that
 * same throwable, unwrapped, to every caller of the batch. A runner that answers with a list of
 * the wrong length, or with a null entry, cannot be matched to its requests, so those callers get
 * {@code INTERNAL}: their writes may or may not have been applied.
 *
 * @param <I> a request
 * @param <O> its result
 */
final class Batcher<I, O> {
    /** Runs a batch and reports one result per request, in the order of the requests. */
    @FunctionalInterface
    interface Runner<I, O> {
        List<BatchResult<O>> run(List<I> batch);
    }

    private final Runner<I, O> runner;
    private final int maxBatch;
    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
    private int inFlight;

    Batcher(Runner<I, O> runner, int maxBatch, int maxInFlight) {
        this.runner = runner;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    /** One queued request; its answer is set once, under the lock. */
    private static final class Pending<I, O> {
        final I request;
        O value;
        Throwable failure;
        boolean done;

        Pending(I request) {
            this.request = request;
        }
    }

    /** Runs {@code request} in some batch and returns its result, or throws its failure as the runner gave it. */
    O submit(I request) {
        Pending<I, O> mine = new Pending<>(request);
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
            if (!mine.done) {
                // Only if leading threw past its own bookkeeping: nobody would wait for this request.
                queue.remove(mine);
            }
            lock.unlock();
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        if (mine.failure instanceof Error e) {
            throw e;
        }
        return mine.value;
    }

    /** Requests queued and not yet taken into a batch (tests wait on it to make batches of several). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Called holding the lock; releases it while the batch runs and holds it again on return. */
    private void lead() {
        List<Pending<I, O>> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        while (!queue.isEmpty() && batch.size() < maxBatch) {
            batch.add(queue.pollFirst());
        }
        inFlight++;
        lock.unlock();
        List<BatchResult<O>> results = null;
        Throwable thrown = null;
        try {
            List<I> requests = new ArrayList<>(batch.size());
            for (Pending<I, O> p : batch) {
                requests.add(p.request);
            }
            results = runner.run(requests);
        } catch (RuntimeException | Error e) {
            thrown = e;
        } finally {
            lock.lock();
            try {
                inFlight--;
                answer(batch, results, thrown);
            } finally {
                finished.signalAll();
            }
        }
    }

    /** Answers every request of the batch; called holding the lock. */
    private static <I, O> void answer(List<Pending<I, O>> batch, List<BatchResult<O>> results, Throwable thrown) {
        boolean matched = thrown == null && results != null && results.size() == batch.size();
        for (int i = 0; i < batch.size(); i++) {
            Pending<I, O> p = batch.get(i);
            try {
                BatchResult<O> r = matched ? results.get(i) : null;
                if (thrown != null) {
                    p.failure = thrown;
                } else if (r instanceof BatchResult.Done<O> d) {
                    p.value = d.value();
                } else if (r instanceof BatchResult.Failed<O> f) {
                    p.failure = f.error();
                } else {
                    p.failure = new DammException(ErrorCode.INTERNAL, "store: the batch runner gave no result for this request ("
                            + (results == null ? "none" : results.size()) + " results for " + batch.size()
                            + " requests); it may or may not have been applied");
                }
            } finally {
                p.done = true;
            }
        }
    }
}
