package dev.damm.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.store.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two servers' schedulers on one store: a job runs on the leaseholder only, and moves when the lease lapses or is released. */
class JobSchedulerTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-06-01T00:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** Counts its runs and its follows. */
    static final class Counting implements Job {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger follows = new AtomicInteger();

        @Override public String name() { return "counting"; }
        @Override public Duration every() { return Duration.ofHours(1); }
        @Override public void run() { runs.incrementAndGet(); }
        @Override public void follow() { follows.incrementAndGet(); }
    }

    @Test
    void aJobRunsOnTheLeaseholderOnlyAndMovesWhenTheLeaseLapsesOrIsReleased() {
        InMemoryStore store = new InMemoryStore();
        TestClock clock = new TestClock();
        Counting onA = new Counting();
        Counting onB = new Counting();
        JobScheduler a = new JobScheduler(store, clock, Duration.ofSeconds(30), List.of(onA));
        JobScheduler b = new JobScheduler(store, clock, Duration.ofSeconds(30), List.of(onB));
        a.renew();
        b.renew();
        assertTrue(a.holds("counting"));
        assertFalse(b.holds("counting"));
        a.runOnce(onA);
        b.runOnce(onB);
        assertEquals(1, onA.runs.get());
        assertEquals(0, onB.runs.get(), "the server without the lease does not run the job");
        assertEquals(1, onB.follows.get());

        // a renews in time: it keeps the job.
        clock.now = clock.now.plusSeconds(20);
        a.renew();
        b.renew();
        clock.now = clock.now.plusSeconds(20);
        b.renew();
        assertTrue(a.holds("counting"), "renewed 20 s ago for 30 s");
        assertFalse(b.holds("counting"));

        // a stops renewing (it died): once its lease expired, b takes the job and a stops believing it holds it.
        clock.now = clock.now.plusSeconds(11);
        assertFalse(a.holds("counting"), "a believes its lease only until the expiry it wrote");
        b.renew();
        assertTrue(b.holds("counting"));
        a.runOnce(onA);
        b.runOnce(onB);
        assertEquals(1, onA.runs.get());
        assertEquals(1, onB.runs.get());
        a.renew();
        assertFalse(a.holds("counting"), "a came back but b holds the lease");
        assertEquals(b.holder(), store.inTransaction(tx -> tx.jobLeases().find("counting")).orElseThrow().holder());

        // b stops cleanly: it releases the lease and a takes it at once, before any expiry.
        b.start();
        b.close();
        assertEquals(java.util.Optional.empty(), store.inTransaction(tx -> tx.jobLeases().find("counting")));
        a.renew();
        assertTrue(a.holds("counting"));
    }

    @Test
    void aFailingJobDoesNotStopItsSchedule() {
        InMemoryStore store = new InMemoryStore();
        TestClock clock = new TestClock();
        AtomicInteger calls = new AtomicInteger();
        Job failing = new Job() {
            @Override public String name() { return "failing"; }
            @Override public Duration every() { return Duration.ofHours(1); }
            @Override public void run() {
                calls.incrementAndGet();
                throw new IllegalStateException("store down");
            }
        };
        JobScheduler s = new JobScheduler(store, clock, Duration.ofSeconds(30), List.of(failing));
        s.renew();
        s.runOnce(failing);
        s.runOnce(failing);
        assertEquals(2, calls.get());
    }
}
