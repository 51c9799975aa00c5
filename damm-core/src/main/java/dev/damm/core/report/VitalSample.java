package dev.damm.core.report;

import dev.damm.spi.Require;
import java.time.Instant;

/**
 * The three vital signs reduced to one point each, for plotting over time.
 *
 * @param contentChanges catalog content changes over every scope in the window read at {@code at}
 * @param probeSuccess share of probes that connected, over every region; {@code null} without probes
 * @param clientSuccess share of client sessions reported working; {@code null} without reports
 * @param demotionMillis the slowest crossing-to-publication time the loop remembers; {@code null} without demotions
 */
public record VitalSample(Instant at, int contentChanges, Double probeSuccess, Double clientSuccess, Long demotionMillis) {
    public VitalSample {
        Require.nonNull("at", at);
    }
}
