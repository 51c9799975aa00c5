package dev.damm.core.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.testing.FakeClock;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveRateLimiterTest {
    private final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    private final LocalRateLimitBackend backend = new LocalRateLimitBackend(clock, 10_000);
    // Normally 3 per address per hour; in a surge 1; a surge is more than 10 per hour overall.
    private final AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(backend, "mint",
            BucketShape.perHour(3), BucketShape.perHour(1), BucketShape.perHour(10));

    @Test
    void anAddressGetsItsNormalAllowanceWhileTheGlobalRateIsCalm() {
        assertTrue(limiter.tryAcquire("198.51.100.1").allowed());
        assertTrue(limiter.tryAcquire("198.51.100.1").allowed());
        assertTrue(limiter.tryAcquire("198.51.100.1").allowed());
        RateDecision fourth = limiter.tryAcquire("198.51.100.1");
        RateDecision.Limited limited = assertInstanceOf(RateDecision.Limited.class, fourth);
        assertTrue(limited.retryAfter().compareTo(Duration.ZERO) > 0 && limited.retryAfter().compareTo(Duration.ofHours(1)) <= 0);
        assertTrue(limiter.tryAcquire("198.51.100.2").allowed(), "another address is not affected");
    }

    @Test
    void aGlobalSurgeTightensEveryAddressAndTheLimitRelaxesWhenItPasses() {
        // Ten different addresses spend the global budget: the surge begins.
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire("203.0.113." + i).allowed());
        }
        // A fresh address now gets one request (the tight allowance), not three.
        assertTrue(limiter.tryAcquire("192.0.2.7").allowed());
        assertFalse(limiter.tryAcquire("192.0.2.7").allowed(), "in a surge an address gets the tight allowance");
        // An hour later the global bucket has refilled: the normal allowance is back by itself.
        clock.advance(Duration.ofHours(1));
        assertTrue(limiter.tryAcquire("192.0.2.8").allowed());
        assertTrue(limiter.tryAcquire("192.0.2.8").allowed());
        assertTrue(limiter.tryAcquire("192.0.2.8").allowed(), "after the surge, three again");
    }

    @Test
    void badLimiterInputIsTyped() {
        DammException blank = assertThrows(DammException.class, () -> limiter.tryAcquire(" "));
        assertEquals(ErrorCode.INVALID_ARGUMENT, blank.errorCode());
        assertTrue(blank.getMessage().startsWith("clientAddress"));
        DammException shape = assertThrows(DammException.class, () -> new BucketShape(0, Duration.ofMinutes(1)));
        assertTrue(shape.getMessage().startsWith("bucket.capacity"));
        DammException name = assertThrows(DammException.class,
                () -> new AdaptiveRateLimiter(backend, "Mint!", BucketShape.perHour(1), BucketShape.perHour(1), BucketShape.perHour(1)));
        assertTrue(name.getMessage().startsWith("name"));
    }
}
