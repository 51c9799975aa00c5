package dev.damm.bench.server;

import org.HdrHistogram.Histogram;

/** Latencies in microseconds, 1 us to 1 min at three significant digits; one per thread, merged for the report. */
final class Latency {
    private Latency() {}

    static Histogram histogram() {
        return new Histogram(1, 60_000_000L, 3);
    }

    static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(1, Math.min(60_000_000L, nanos / 1_000)));
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
