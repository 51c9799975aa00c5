package dev.damm.core.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;

/**
 * A throughput measurement: the rate a path sustained against the rate it advertises, both in
 * Mbit/s. The score uses the ratio, capped at 1.
 */
public record ThroughputSample(PathKey path, Instant at, double sustainedMbps, double advertisedMbps)
        implements Observation.OnPath {
    public ThroughputSample {
        Require.nonNull("path", path);
        Require.nonNull("at", at);
        Measures.mbps("sustainedMbps", sustainedMbps);
        Measures.mbps("advertisedMbps", advertisedMbps);
        if (advertisedMbps == 0) {
            throw DammException.invalid("advertisedMbps", "must be greater than 0");
        }
    }

    /** The sustained share of the advertised rate, in [0, 1]. */
    public double ratio() {
        return Math.min(1.0, sustainedMbps / advertisedMbps);
    }
}
