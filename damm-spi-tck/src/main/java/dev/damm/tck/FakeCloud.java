package dev.damm.tck;

import dev.damm.spi.provider.ProviderErrors;
import dev.damm.spi.provider.ProviderId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The provider side of {@link FakeProviderPlugin}: an in-memory account holding nodes, front doors,
 * egress addresses, overlay memberships, fronts and tunnels, with a fault switch.
 *
 * <p>Attach one to a configuration ({@code ProviderConfig.builder("fake").attach(FakeCloud.class,
 * cloud)}) to share it between adapters and to inject faults; without an attachment each
 * {@link FakeProviderPlugin} instance uses its own. Thread-safe.
 */
public final class FakeCloud implements FaultInjector {
    private final Object lock = new Object();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private Fault fault;
    private CountDownLatch slowRelease = new CountDownLatch(0);
    final FakeState state = new FakeState();

    @Override
    public void inject(Fault fault) {
        dev.damm.spi.Require.nonNull("fault", fault);
        synchronized (lock) {
            slowRelease.countDown();
            this.fault = fault;
            slowRelease = new CountDownLatch(fault == Fault.SLOW ? 1 : 0);
        }
    }

    @Override
    public void clear() {
        synchronized (lock) {
            fault = null;
            slowRelease.countDown();
        }
    }

    /** How many requests adapters have sent to this account. */
    public int requests() {
        return requests.get();
    }

    /** How many resources (of any kind) this account has created, counting ones since removed. */
    public int created() {
        return created.get();
    }

    /** How many nodes exist now. */
    public int nodeCount() {
        return state.nodes.size();
    }

    long nextId() {
        created.incrementAndGet();
        return sequence.incrementAndGet();
    }

    /**
     * Answers one request the way the injected fault says: returns normally when there is none,
     * throws the mapped error of an HTTP status, or holds the request until {@link #clear()} or
     * until {@code timeout} passes, whichever is first.
     */
    void answer(ProviderId provider, String operation, Duration timeout, ProviderErrors errors) {
        requests.incrementAndGet();
        Fault current;
        CountDownLatch release;
        synchronized (lock) {
            current = fault;
            release = slowRelease;
        }
        if (current == null) {
            return;
        }
        if (current == Fault.SLOW) {
            try {
                if (release.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw ProviderErrors.timeout(provider, operation, timeout);
        }
        Map<String, List<String>> headers = current == Fault.RATE_LIMITED
                ? Map.of("Retry-After", List.of(Long.toString(Fault.RETRY_AFTER.toSeconds())))
                : Map.of();
        throw errors.fromHttp(provider, operation, current.httpStatus(), headers, "fake provider: injected " + current);
    }

    @Override
    public String toString() {
        return "FakeCloud[" + state.nodes.size() + " nodes, " + requests.get() + " requests]";
    }
}
