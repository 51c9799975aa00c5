package dev.damm.core.score;

/**
 * Fixed log-scale RTT buckets shared by every decayed latency histogram.
 *
 * <p>Bucket 0 holds [0, 1) ms; buckets 1..38 split [1 ms, 2^(38/3) ms ≈ 6.5 s) into three
 * buckets per doubling (each about 26 % wide); bucket 39 holds everything slower. Quantiles
 * interpolate geometrically inside a bucket, so their error stays well under a bucket's width;
 * the overflow bucket reports its lower edge.
 */
final class LatencyHistogram {
    static final int BUCKETS = 40;
    private static final int PER_DOUBLING = 3;
    private static final double BUCKETS_PER_LN = PER_DOUBLING / Math.log(2);

    private LatencyHistogram() {}

    /** The bucket an RTT falls in; a constant-time log, no allocation. */
    static int bucketOf(double millis) {
        if (millis < 1.0) {
            return 0;
        }
        int i = 1 + (int) (Math.log(millis) * BUCKETS_PER_LN);
        return Math.min(i, BUCKETS - 1);
    }

    /** Inclusive lower edge of bucket {@code i}, in ms. */
    static double lowerEdge(int i) {
        return i == 0 ? 0.0 : Math.pow(2.0, (i - 1) / (double) PER_DOUBLING);
    }

    /** Total weight in the buckets. */
    static double total(float[] buckets) {
        double sum = 0;
        for (float b : buckets) {
            sum += b;
        }
        return sum;
    }

    /**
     * The {@code q}-quantile of the weights in {@code buckets}, or NaN when they are all zero.
     * Weights may be scaled by any common factor: forward decay does exactly that.
     */
    static double quantile(float[] buckets, double total, double q) {
        if (!(total > 0)) {
            return Double.NaN;
        }
        double target = q * total;
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < buckets.length; i++) {
            double b = buckets[i];
            if (b <= 0) {
                continue;
            }
            last = i;
            if (cumulative + b >= target) {
                double frac = Math.max(0.0, Math.min(1.0, (target - cumulative) / b));
                return within(i, frac);
            }
            cumulative += b;
        }
        // Rounding left the target just past the last non-empty bucket: report its top.
        return within(last, 1.0);
    }

    private static double within(int i, double frac) {
        if (i == 0) {
            return frac;
        }
        if (i == BUCKETS - 1) {
            return lowerEdge(i);
        }
        return lowerEdge(i) * Math.pow(2.0, frac / PER_DOUBLING);
    }
}
