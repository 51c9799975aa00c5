package dev.damm.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every caller of a batch gets an answer, whatever the runner returns or throws: its own result,
 * its own exception, the runner's throwable unchanged, or INTERNAL when the runner's answer cannot
 * be matched to the requests. The first batch of each test is held until the other callers have
 * queued, so the second batch holds several requests.
 */
class BatcherTest {
    private static final int CALLERS = 8;
    private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
    private final AtomicReference<Function<List<Integer>, List<BatchResult<String>>>> behaviour = new AtomicReference<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    private Batcher<Integer, String> batcher;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private void start() {
        batcher = new Batcher<>(batch -> {
            batchSizes.add(batch.size());
            if (batches.getAndIncrement() == 0) {
                while (batcher.queued() < CALLERS - batch.size()) {
                    Thread.onSpinWait();
                }
            }
            return behaviour.get().apply(batch);
        }, 64, 1);
    }

    /** Submits request i from caller i; each future is its caller's answer. */
    private List<Future<String>> submitAll() {
        List<Future<String>> out = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int request = i;
            out.add(threads.submit(() -> batcher.submit(request)));
        }
        return out;
    }

    /** The caller's answer: the exception it got, or null when it returned. The timeout only keeps a broken batcher from hanging the build. */
    private static Throwable failureOf(Future<String> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static List<BatchResult<String>> answers(List<Integer> batch) {
        List<BatchResult<String>> out = new ArrayList<>();
        for (int i : batch) {
            out.add(i % 2 == 0 ? new BatchResult.Done<>("ok-" + i) : new BatchResult.Failed<>(new DammException(ErrorCode.CONFLICT, "item: " + i)));
        }
        return out;
    }

    @Test
    void eachCallerGetsItsOwnResultOrException() throws Exception {
        behaviour.set(BatcherTest::answers);
        start();
        List<Future<String>> calls = submitAll();
        for (int i = 0; i < CALLERS; i++) {
            if (i % 2 == 0) {
                assertEquals("ok-" + i, calls.get(i).get(60, TimeUnit.SECONDS));
            } else {
                DammException e = assertInstanceOf(DammException.class, failureOf(calls.get(i)));
                assertEquals("item: " + i, e.getMessage());
            }
        }
        assertTrue(batchSizes.stream().anyMatch(n -> n > 1), "some batch held several requests: " + batchSizes);
    }

    @Test
    void aRunnerThatReturnsTooFewResultsLeavesNoCallerWaiting() throws Exception {
        behaviour.set(batch -> answers(batch).subList(0, batch.size() - 1));
        start();
        for (Future<String> call : submitAll()) {
            DammException e = assertInstanceOf(DammException.class, failureOf(call));
            assertEquals(ErrorCode.INTERNAL, e.errorCode());
        }
        assertTrue(batchSizes.stream().anyMatch(n -> n > 1), "some batch held several requests: " + batchSizes);
        // The batcher still works: nothing was left counted as running.
        behaviour.set(BatcherTest::answers);
        assertEquals("ok-0", batcher.submit(0));
    }

    @Test
    void aNullResultFailsOnlyItsOwnCaller() throws Exception {
        behaviour.set(batch -> {
            List<BatchResult<String>> out = new ArrayList<>(answers(batch));
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) == 2) {
                    out.set(i, null);
                }
            }
            return out;
        });
        start();
        List<Future<String>> calls = submitAll();
        assertEquals(ErrorCode.INTERNAL, assertInstanceOf(DammException.class, failureOf(calls.get(2))).errorCode());
        assertEquals("ok-4", calls.get(4).get(60, TimeUnit.SECONDS));
        assertEquals(ErrorCode.CONFLICT, assertInstanceOf(DammException.class, failureOf(calls.get(3))).errorCode());
    }

    @Test
    void anErrorFromTheRunnerReachesEveryCallerUnwrapped() throws Exception {
        StackOverflowError boom = new StackOverflowError("runner");
        behaviour.set(batch -> {
            throw boom;
        });
        start();
        for (Future<String> call : submitAll()) {
            assertSame(boom, failureOf(call));
        }
        assertTrue(batchSizes.stream().anyMatch(n -> n > 1), "some batch held several requests: " + batchSizes);
        behaviour.set(BatcherTest::answers);
        assertEquals("ok-0", batcher.submit(0));
    }

    @Test
    void aRuntimeExceptionFromTheRunnerReachesEveryCallerUnchanged() throws Exception {
        IllegalArgumentException boom = new IllegalArgumentException("runner");
        behaviour.set(batch -> {
            throw boom;
        });
        start();
        for (Future<String> call : submitAll()) {
            assertSame(boom, failureOf(call));
        }
    }
}
