package dev.damm.core.report;

/**
 * The estimators behind a path's score, each {@code null} when there is no data for it yet.
 * Rates are shares in [0, 1]; latencies are milliseconds.
 */
public record ScoreFactors(Double probeSuccessRate, Double handshakeSuccessRate, Double clientSuccessRate,
                           Double throughputRatio, Double latencyP50Millis, Double latencyP99Millis,
                           Double heartbeatFreshness) {}
