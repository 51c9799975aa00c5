package dev.damm.core.report;

import dev.damm.spi.Require;
import java.time.Instant;

/**
 * One measured cost of a transport tier, as a measurement reported it (a benchmark, an interop
 * test, a gateway); the report carries what was measured and invents nothing.
 *
 * @param tier e.g. {@code T2}
 * @param transport e.g. {@code shadowsocks}
 * @param measure what was measured, e.g. {@code throughput_ratio_vs_t0}
 * @param value the measured value
 * @param unit e.g. {@code ratio}, {@code ms}, {@code bytes/packet}
 * @param measuredAt when
 * @param source who measured it, e.g. {@code damm-bench TransportBench}
 */
public record TransportCost(String tier, String transport, String measure, double value, String unit, Instant measuredAt,
                            String source) {
    public TransportCost {
        Require.text("tier", tier, 16);
        Require.text("transport", transport, 64);
        Require.text("measure", measure, 128);
        if (!Double.isFinite(value)) {
            throw dev.damm.spi.DammException.invalid("value", "must be finite, was " + value);
        }
        Require.text("unit", unit, 32);
        Require.nonNull("measuredAt", measuredAt);
        Require.text("source", source, 200);
    }
}
