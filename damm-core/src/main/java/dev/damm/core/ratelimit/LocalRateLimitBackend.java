package dev.damm.core.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * Token buckets held in this process: Bucket4j buckets in a size-bounded Caffeine cache, so a
 * flood of distinct client addresses cannot exhaust memory. Time comes from the injected clock.
 */
public final class LocalRateLimitBackend implements RateLimitBackend {
    private final Cache<String, Bucket> buckets;
    private final TimeMeter timeMeter;

    public LocalRateLimitBackend(Clock clock, long maxBuckets) {
        this.buckets = Caffeine.newBuilder().maximumSize(maxBuckets).build();
        this.timeMeter = new ClockTimeMeter(clock);
    }

    @Override
    public RateDecision tryConsume(String key, BucketShape shape, long tokens) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(shape.capacity()).refillGreedy(shape.capacity(), shape.period()).build())
                .withCustomTimePrecision(timeMeter)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (probe.isConsumed()) {
            return new RateDecision.Allowed(probe.getRemainingTokens());
        }
        return new RateDecision.Limited(Duration.ofNanos(probe.getNanosToWaitForRefill()), key);
    }

    /** Bucket4j's clock, driven by a java.time.Clock so tests and the simulator control time. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            java.time.Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
