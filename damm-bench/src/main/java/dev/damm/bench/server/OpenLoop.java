package dev.damm.bench.server;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Recorder;

/**
 * One route's constant arrival rate: request {@code k} is due at {@code start + k / rate} and is sent
 * then whether or not earlier ones have been answered (asynchronously), and its latency counts from
 * when it was due, not from when it could be sent. A server that falls behind therefore shows its
 * queueing in the percentiles instead of slowing the load down (coordinated omission). At most
 * {@code maxOutstanding} requests are in flight; a request due beyond that is not sent and is
 * counted as refused by the generator, so an overload is reported rather than hidden.
 */
final class OpenLoop implements Runnable {
    /** What a response means for the route: whether it is a success, and any state to keep (e.g. an admission serial). */
    interface Outcome {
        boolean ok(long k, HttpResponse<byte[]> response);
    }

    final String route;
    final double rate;
    private final HttpClient http;
    private final LongFunction<HttpRequest> request;
    private final Outcome outcome;
    private final long startNanos;
    private final long measureFrom;
    private final long endNanos;
    private final Semaphore outstanding;
    final Recorder latency = new Recorder(60_000_000L, 3);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final Map<Integer, Long> statuses = new ConcurrentSkipListMap<>();

    OpenLoop(String route, double rate, HttpClient http, LongFunction<HttpRequest> request, Outcome outcome, long startNanos,
            long measureFrom, long endNanos, int maxOutstanding) {
        this.route = route;
        this.rate = rate;
        this.http = http;
        this.request = request;
        this.outcome = outcome;
        this.startNanos = startNanos;
        this.measureFrom = measureFrom;
        this.endNanos = endNanos;
        this.outstanding = new Semaphore(maxOutstanding);
    }

    @Override
    public void run() {
        if (rate <= 0) {
            return;
        }
        double interval = 1e9 / rate;
        for (long k = 0; ; k++) {
            long due = startNanos + (long) (k * interval);
            if (due >= endNanos) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = due >= measureFrom;
            if (!outstanding.tryAcquire()) {
                if (measured) {
                    dropped.incrementAndGet();
                }
                continue;
            }
            long n = k;
            HttpRequest r;
            try {
                r = request.apply(n);
            } catch (RuntimeException e) {
                outstanding.release();
                if (measured) {
                    failed.incrementAndGet();
                }
                continue;
            }
            if (r == null) { // nothing left to send (e.g. out of passes)
                outstanding.release();
                continue;
            }
            if (measured) {
                sent.incrementAndGet();
            }
            http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, err) -> {
                long done = System.nanoTime();
                outstanding.release();
                boolean good = err == null && outcome.ok(n, resp);
                if (!measured) {
                    return;
                }
                statuses.merge(err == null ? resp.statusCode() : -1, 1L, Long::sum);
                if (good) {
                    ok.incrementAndGet();
                    latency.recordValue(Math.max(1, Math.min(60_000_000L, (done - due) / 1_000)));
                } else {
                    failed.incrementAndGet();
                }
            });
        }
    }
}
