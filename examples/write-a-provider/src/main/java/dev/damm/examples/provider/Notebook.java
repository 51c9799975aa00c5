package dev.damm.examples.provider;

import dev.damm.spi.provider.NodeRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "provider" behind the notebook plug-in: a notebook whose pages are nodes. It stands where a
 * real plug-in has a remote API, and like one it can refuse calls with an HTTP status or stop
 * answering, so tests can check the plug-in's error handling.
 *
 * <p>Thread-safe. Attach one to the configuration to share it between adapters:
 * {@code ProviderConfig.builder("notebook").attach(Notebook.class, notebook)}.
 */
public final class Notebook {
    final Map<String, NodeRef> pages = new ConcurrentHashMap<>();
    private final AtomicLong pageNumbers = new AtomicLong();
    private volatile int refusal;
    private volatile Map<String, List<String>> refusalHeaders = Map.of();
    private volatile CountDownLatch held = new CountDownLatch(0);

    /** Answers every call with {@code httpStatus} and {@code headers} until {@link #answerNormally()}. */
    public void refuseWith(int httpStatus, Map<String, List<String>> headers) {
        refusalHeaders = Map.copyOf(headers);
        refusal = httpStatus;
    }

    /** Stops answering: calls wait until {@link #answerNormally()}. */
    public void stopAnswering() {
        held = new CountDownLatch(1);
    }

    /** Answers normally again and releases waiting calls. */
    public void answerNormally() {
        refusal = 0;
        held.countDown();
    }

    /** How many pages are written. */
    public int pageCount() {
        return pages.size();
    }

    long nextPageNumber() {
        return pageNumbers.incrementAndGet();
    }

    /**
     * Waits for the notebook's answer to one call, at most {@code timeout}.
     *
     * @return 0 to go ahead, an HTTP status the call is refused with, or -1 if no answer came in time
     */
    int answer(Duration timeout) {
        try {
            if (!held.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return refusal;
    }

    Map<String, List<String>> refusalHeaders() {
        return refusalHeaders;
    }
}
