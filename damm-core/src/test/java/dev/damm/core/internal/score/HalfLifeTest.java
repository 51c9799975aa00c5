package dev.damm.core.internal.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HalfLifeTest {
    private final HalfLife fiveMinutes = HalfLife.of(Duration.ofMinutes(5));

    @Test
    void aWeightHalvesEveryHalfLifeAndGrowsBackwards() {
        assertEquals(1.0, fiveMinutes.factor(0));
        assertEquals(0.5, fiveMinutes.factor(300_000), 1e-15);
        assertEquals(0.25, fiveMinutes.factor(600_000), 1e-15);
        assertEquals(2.0, fiveMinutes.factor(-300_000), 1e-14);
        assertEquals(3.0, fiveMinutes.halfLives(900_000));
        assertEquals(300_000.0, fiveMinutes.millis());
    }

    @Test
    void decayingInTwoStepsIsDecayingOnce() {
        // What forward decay relies on when it moves its landmark.
        double once = fiveMinutes.factor(1_234_567);
        double twice = fiveMinutes.factor(1_000_000) * fiveMinutes.factor(234_567);
        assertEquals(once, twice, once * 1e-14);
        assertTrue(fiveMinutes.factor(1) < 1.0);
    }

    @Test
    void equalDurationsAreEqualHalfLives() {
        assertEquals(fiveMinutes, HalfLife.of(Duration.ofSeconds(300)));
        assertEquals(fiveMinutes.hashCode(), HalfLife.of(Duration.ofSeconds(300)).hashCode());
        assertNotEquals(fiveMinutes, HalfLife.of(Duration.ofMinutes(6)));
    }

    @Test
    void aHalfLifeOutsideItsRangeIsRefusedWithTheFieldNamed() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofNanos(999_999), Duration.ofMinutes(-1),
                Duration.ofDays(10_001)}) {
            DammException e = assertThrows(DammException.class, () -> HalfLife.of(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
            assertTrue(e.getMessage().startsWith("halfLife:"), e.getMessage());
        }
        assertThrows(DammException.class, () -> HalfLife.of(null));
    }
}
