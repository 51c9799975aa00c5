package dev.damm.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it; always UTC, thread-safe. */
public final class FakeClock extends Clock {
    private final AtomicReference<Instant> now;

    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static FakeClock at(String isoInstant) {
        return new FakeClock(Instant.parse(isoInstant));
    }

    /** Moves the clock forward by {@code d}; returns this clock so a test can chain. */
    public FakeClock advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
        return this;
    }

    /** Moves the clock forward by {@code seconds}. */
    public FakeClock advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    /** Moves the clock to {@code t}, backwards if need be. */
    public FakeClock set(Instant t) {
        now.set(t);
        return this;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }
}
