package dev.damm.core.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;

/**
 * When a subject (front door, gateway, egress pool) leaves service and when it returns.
 *
 * <p>A subject whose score falls below {@code below} becomes {@link SubjectState#AT_RISK}; if it
 * is still below after {@code badDwell} it is {@link SubjectState#BENCHED}. A benched subject
 * returns only after its score stays at or above {@code restoreAt} for {@code restoreDwell}.
 * The gap between the two thresholds is what stops a score wobbling around one value from
 * flapping the subject in and out.
 *
 * @param below threshold under which the subject goes bad, in [0, 1)
 * @param restoreAt threshold the score must hold to come back, in (below, 1]
 * @param badDwell how long the score must stay bad before the subject is benched
 * @param restoreDwell how long the score must hold {@code restoreAt} before the subject returns
 */
public record Hysteresis(double below, double restoreAt, Duration badDwell, Duration restoreDwell) {
    private static final Duration MAX_DWELL = Duration.ofDays(1);

    public Hysteresis {
        Require.range("below", below, 0.0, 1.0);
        Require.range("restoreAt", restoreAt, 0.0, 1.0);
        if (restoreAt <= below) {
            throw DammException.invalid("restoreAt", "must be greater than below (" + below + "), was " + restoreAt);
        }
        dwell("badDwell", badDwell);
        dwell("restoreDwell", restoreDwell);
    }

    private static void dwell(String field, Duration d) {
        Require.nonNull(field, d);
        if (d.isNegative() || d.compareTo(MAX_DWELL) > 0) {
            throw DammException.invalid(field, "must be between PT0S and " + MAX_DWELL + ", was " + d);
        }
    }
}
