package dev.damm.core.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * Relative weights of the score's components. The composite is the weighted mean of the
 * components that have data, so weights need not sum to 1; a zero weight ignores a component.
 *
 * @param reachability probe success rate
 * @param handshake handshake success rate
 * @param throughput sustained / advertised ratio, pulled down by a falling trend
 * @param latency latency quantiles against {@link ScoreConfig#latencyReferenceMillis()}
 * @param heartbeat gateway heartbeat freshness, discounted by load
 * @param client client-reported session success rate
 */
public record ScoreWeights(double reachability, double handshake, double throughput, double latency,
                           double heartbeat, double client) {
    /** Handshakes and reachability weigh most: they are what a client feels first. */
    public static final ScoreWeights DEFAULT = new ScoreWeights(0.25, 0.25, 0.10, 0.15, 0.10, 0.15);

    public ScoreWeights {
        Require.range("weights.reachability", reachability, 0.0, 1000.0);
        Require.range("weights.handshake", handshake, 0.0, 1000.0);
        Require.range("weights.throughput", throughput, 0.0, 1000.0);
        Require.range("weights.latency", latency, 0.0, 1000.0);
        Require.range("weights.heartbeat", heartbeat, 0.0, 1000.0);
        Require.range("weights.client", client, 0.0, 1000.0);
        if (reachability + handshake + throughput + latency + heartbeat + client <= 0) {
            throw DammException.invalid("weights", "at least one weight must be greater than 0");
        }
    }
}
