package dev.damm.core.ratelimit;

import dev.damm.spi.Require;
import java.time.Duration;

/**
 * A token bucket's shape: it holds at most {@code capacity} tokens and regains {@code capacity}
 * tokens, greedily, over each {@code period}.
 */
public record BucketShape(long capacity, Duration period) {
    public BucketShape {
        Require.range("bucket.capacity", capacity, 1, 1_000_000_000L);
        Require.nonNull("bucket.period", period);
        if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(7)) > 0) {
            throw dev.damm.spi.DammException.invalid("bucket.period", "must be between 1 ns and 7 days, was " + period);
        }
    }

    public static BucketShape perHour(long n) {
        return new BucketShape(n, Duration.ofHours(1));
    }

    public static BucketShape perMinute(long n) {
        return new BucketShape(n, Duration.ofMinutes(1));
    }
}
