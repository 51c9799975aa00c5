package dev.damm.core.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A reachability probe at a path's front door: whether it connected and, when it did and the
 * prober timed it, the round-trip time in milliseconds.
 */
public record ProbeResult(PathKey path, Instant at, boolean reachable, OptionalDouble rttMillis)
        implements Observation.OnPath {
    public ProbeResult {
        Require.nonNull("path", path);
        Require.nonNull("at", at);
        Measures.optionalRtt("rttMillis", rttMillis);
        if (!reachable && rttMillis.isPresent()) {
            throw DammException.invalid("rttMillis", "must be empty when the probe failed");
        }
    }

    /** A probe that connected in {@code rttMillis}. */
    public static ProbeResult ok(PathKey path, Instant at, double rttMillis) {
        return new ProbeResult(path, at, true, OptionalDouble.of(rttMillis));
    }

    /** A probe that did not connect. */
    public static ProbeResult failed(PathKey path, Instant at) {
        return new ProbeResult(path, at, false, OptionalDouble.empty());
    }
}
