package dev.damm.core.score;

import dev.damm.spi.Require;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every estimator behind one score, for operators and tests: each is empty when there is no
 * data for it yet.
 *
 * @param confidence decayed count of all observations (heartbeats included where they apply)
 * @param probeSuccessRate decayed share of probes that connected
 * @param handshakeSuccessRate decayed share of handshakes that completed
 * @param clientSuccessRate decayed share of client reports that said the session worked
 * @param throughputRatio decayed mean of sustained / advertised rate, capped at 1
 * @param throughputSlopePerHalfLife weighted least-squares trend of that ratio, per half-life
 * @param latencyP50Millis decayed median RTT
 * @param latencyP90Millis decayed 90th percentile RTT
 * @param latencyP99Millis decayed 99th percentile RTT
 * @param heartbeatFreshness 1 while the gateway's last heartbeat is younger than half its TTL,
 *     falling linearly to 0 at the TTL
 * @param lastObservedAt the newest observation time seen
 * @param score the composite, empty when no weighted component has data
 */
public record ScoreBreakdown(
        double confidence,
        OptionalDouble probeSuccessRate,
        OptionalDouble handshakeSuccessRate,
        OptionalDouble clientSuccessRate,
        OptionalDouble throughputRatio,
        OptionalDouble throughputSlopePerHalfLife,
        OptionalDouble latencyP50Millis,
        OptionalDouble latencyP90Millis,
        OptionalDouble latencyP99Millis,
        OptionalDouble heartbeatFreshness,
        Optional<Instant> lastObservedAt,
        Optional<Score> score) {
    public ScoreBreakdown {
        Require.range("confidence", confidence, 0.0, Double.MAX_VALUE);
        Require.nonNull("probeSuccessRate", probeSuccessRate);
        Require.nonNull("handshakeSuccessRate", handshakeSuccessRate);
        Require.nonNull("clientSuccessRate", clientSuccessRate);
        Require.nonNull("throughputRatio", throughputRatio);
        Require.nonNull("throughputSlopePerHalfLife", throughputSlopePerHalfLife);
        Require.nonNull("latencyP50Millis", latencyP50Millis);
        Require.nonNull("latencyP90Millis", latencyP90Millis);
        Require.nonNull("latencyP99Millis", latencyP99Millis);
        Require.nonNull("heartbeatFreshness", heartbeatFreshness);
        Require.nonNull("lastObservedAt", lastObservedAt);
        Require.nonNull("score", score);
    }
}
