package dev.damm.core.score;

import dev.damm.spi.Require;
import java.time.Instant;

/**
 * A composite quality score in [0, 1] (1 = best) with the evidence behind it.
 *
 * <p>{@code confidence} is the decayed number of observations the score rests on: a fresh
 * observation counts 1, one a half-life old counts 0.5. A subject with no usable data has no
 * {@code Score} at all ({@code Optional.empty()}), never a silent 0 or 1.
 *
 * @param value the composite, in [0, 1]
 * @param confidence decayed sample count, at least 0
 * @param at the time the score was computed for
 */
public record Score(double value, double confidence, Instant at) {
    public Score {
        Require.range("value", value, 0.0, 1.0);
        Require.range("confidence", confidence, 0.0, Double.MAX_VALUE);
        Require.nonNull("at", at);
    }
}
