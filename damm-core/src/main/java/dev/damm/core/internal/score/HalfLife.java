package dev.damm.core.internal.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;

/**
 * Exponential decay by half-life, the one decay rule of the score model and the permeability
 * model: after {@code t} ms a weight is multiplied by e^(−λt), λ = ln 2 / half-life, so it halves
 * every half-life.
 *
 * <p>The score model keeps forward-decayed sums, weighing an observation at time {@code t} by
 * {@code factor(landmark - t)} (a growth for observations after the landmark) and bringing sums
 * to a later landmark with {@code factor(newLandmark - landmark)}; the permeability model weighs
 * an observation of age {@code a} by {@code factor(a)}. The factor uses {@link Math#exp}, which
 * the JVM may compute one ulp apart on different platforms: results that must be byte-identical
 * across machines round the figures they derive from it.
 *
 * <p>Immutable and thread-safe.
 */
public final class HalfLife {
    private static final double LN_2 = Math.log(2);

    private final Duration duration;
    private final double millis;
    private final double lambdaPerMilli;

    private HalfLife(Duration duration) {
        this.duration = duration;
        this.millis = duration.toMillis();
        this.lambdaPerMilli = LN_2 / millis;
    }

    /**
     * The decay that halves a weight every {@code halfLife}.
     *
     * @throws DammException {@code INVALID_ARGUMENT} ("halfLife: ...") below one millisecond or
     *     beyond 10,000 days
     */
    public static HalfLife of(Duration halfLife) {
        Require.nonNull("halfLife", halfLife);
        if (halfLife.compareTo(Duration.ofMillis(1)) < 0 || halfLife.compareTo(Duration.ofDays(10_000)) > 0) {
            throw DammException.invalid("halfLife", "must be between 1 ms and 10000 days, was " + halfLife);
        }
        return new HalfLife(halfLife);
    }

    /** The half-life. */
    public Duration duration() {
        return duration;
    }

    /** The half-life in milliseconds. */
    public double millis() {
        return millis;
    }

    /** The factor e^(−λ · elapsedMillis) a weight is multiplied by; above 1 for a negative time. */
    public double factor(long elapsedMillis) {
        return Math.exp(-elapsedMillis * lambdaPerMilli);
    }

    /** How many half-lives {@code elapsedMillis} is. */
    public double halfLives(long elapsedMillis) {
        return elapsedMillis / millis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HalfLife && ((HalfLife) o).duration.equals(duration);
    }

    @Override
    public int hashCode() {
        return duration.hashCode();
    }

    @Override
    public String toString() {
        return "HalfLife[" + duration + "]";
    }
}
