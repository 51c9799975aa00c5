package dev.damm.core.model;

import dev.damm.spi.Require;

/**
 * What a gateway reports with each heartbeat.
 *
 * @param load utilisation in [0, 1]
 * @param activePeers peers with a handshake in the last few minutes
 * @param rxBytes total bytes received since the gateway started (monotonic)
 * @param txBytes total bytes sent since the gateway started (monotonic)
 */
public record HeartbeatMetrics(double load, int activePeers, long rxBytes, long txBytes) {
    public HeartbeatMetrics {
        Require.range("metrics.load", load, 0.0, 1.0);
        Require.range("metrics.activePeers", activePeers, 0, 10_000_000);
        Require.nonNegative("metrics.rxBytes", rxBytes);
        Require.nonNegative("metrics.txBytes", txBytes);
    }

    public static final HeartbeatMetrics IDLE = new HeartbeatMetrics(0, 0, 0, 0);
}
