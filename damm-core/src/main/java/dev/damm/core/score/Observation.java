package dev.damm.core.score;

import java.time.Instant;

/**
 * One measurement the {@link ScoreBook} learns from; each carries the time it was taken.
 *
 * <p>Values are validated when the record is built, so a NaN, a negative RTT or a rate
 * outside its range never reaches the book; the book itself checks the time and the path.
 */
public sealed interface Observation permits Observation.OnPath, Heartbeat {
    /** When the measurement was taken (not when it arrived). */
    Instant at();

    /** An observation of one path: a probe, a handshake, a throughput or latency sample, a client report. */
    sealed interface OnPath extends Observation
            permits ProbeResult, HandshakeAttempt, ThroughputSample, LatencySample, ClientReport {
        PathKey path();
    }
}
