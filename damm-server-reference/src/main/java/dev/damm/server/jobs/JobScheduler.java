package dev.damm.server.jobs;

import dev.damm.core.store.DammStore;
import dev.damm.spi.Require;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each {@link Job} on its own schedule, on one server at a time: a job runs here only while
 * this server holds its lease in the store ({@link dev.damm.core.store.JobLeaseRepository}).
 *
 * <p>A renewer takes or renews every job's lease each third of the lease time. A server that dies
 * stops renewing, so its leases lapse and the next renewal of another server takes the jobs over;
 * one that stops cleanly releases them so another takes over at once. This server believes it
 * holds a lease until the expiry it last wrote, and not a moment longer, so even when the store
 * is unreachable it stops running the job before another server can have taken it.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    private final DammStore store;
    private final Clock clock;
    private final Duration lease;
    private final List<Job> jobs;
    private final String holder;
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();
    private ScheduledExecutorService renewer;
    private ScheduledExecutorService runners;

    public JobScheduler(DammStore store, Clock clock, Duration lease, List<Job> jobs) {
        this.store = Require.nonNull("store", store);
        this.clock = Require.nonNull("clock", clock);
        this.lease = Require.nonNull("lease", lease);
        this.jobs = List.copyOf(Require.nonNull("jobs", jobs));
        // The process id makes a holder recognisable in the lease table; the random part keeps two
        // servers apart even in one process.
        String process = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        this.holder = (process.length() > 100 ? process.substring(0, 100) : process) + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This server's name in the lease table. */
    public String holder() {
        return holder;
    }

    /** Whether this server holds {@code job}'s lease now. */
    public boolean holds(String job) {
        Instant until = heldUntil.get(job);
        return until != null && clock.instant().isBefore(until);
    }

    public synchronized void start() {
        if (renewer != null) {
            throw new IllegalStateException("already started");
        }
        renewer = Executors.newSingleThreadScheduledExecutor(daemon("damm-job-leases"));
        runners = Executors.newScheduledThreadPool(2, daemon("damm-jobs"));
        renewer.scheduleWithFixedDelay(this::renew, 0, lease.toMillis() / 3, TimeUnit.MILLISECONDS);
        for (Job j : jobs) {
            long every = j.every().toMillis();
            runners.scheduleWithFixedDelay(() -> runOnce(j), every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Takes or renews every job's lease; package-private so a test can renew without waiting. */
    void renew() {
        for (Job j : jobs) {
            Instant now = clock.instant();
            Instant until = now.plus(lease);
            boolean held;
            try {
                held = store.inTransaction(tx -> tx.jobLeases().acquire(j.name(), holder, now, until));
            } catch (RuntimeException e) {
                // Keep the lease believed until its expiry; holds() stops the job then.
                LOG.warn("job {}: could not renew its lease ({})", j.name(), e.toString());
                continue;
            }
            if (held) {
                if (heldUntil.put(j.name(), until) == null) {
                    LOG.info("job {}: this server ({}) holds its lease now", j.name(), holder);
                }
            } else if (heldUntil.remove(j.name()) != null) {
                LOG.info("job {}: another server holds its lease now", j.name());
            }
        }
    }

    /** Runs {@code job} if this server holds its lease, else follows; failures are logged and the schedule goes on. */
    void runOnce(Job job) {
        try {
            if (holds(job.name())) {
                job.run();
                LOG.info("job {} ran on {}", job.name(), holder);
            } else {
                job.follow();
            }
        } catch (RuntimeException e) {
            LOG.warn("job {} failed: {}", job.name(), e.toString());
        }
    }

    /** Stops the schedules and gives up the leases held, so another server takes the jobs over at once. */
    @Override
    public synchronized void close() {
        if (renewer == null) {
            return;
        }
        renewer.shutdownNow();
        runners.shutdownNow();
        try {
            runners.awaitTermination(5, TimeUnit.SECONDS);
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String job : List.copyOf(heldUntil.keySet())) {
            try {
                store.inTransaction(tx -> {
                    tx.jobLeases().release(job, holder);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("job {}: could not release its lease ({}); it lapses by itself", job, e.toString());
            }
        }
        heldUntil.clear();
        renewer = null;
        runners = null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
