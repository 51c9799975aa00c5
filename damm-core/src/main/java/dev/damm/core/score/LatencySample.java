package dev.damm.core.score;

import dev.damm.spi.Require;
import java.time.Instant;

/** One round-trip time measured over a path, in milliseconds. */
public record LatencySample(PathKey path, Instant at, double rttMillis) implements Observation.OnPath {
    public LatencySample {
        Require.nonNull("path", path);
        Require.nonNull("at", at);
        Measures.rtt("rttMillis", rttMillis);
    }
}
