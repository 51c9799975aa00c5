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
    /** Mantissa boundaries of the sub-buckets of one doubling: 2^(1/3) and 2^(2/3). */
    private static final double CUT_1 = Math.pow(2, 1.0 / 3);
    private static final double CUT_2 = Math.pow(2, 2.0 / 3);

    private LatencyHistogram() {}

    /** The bucket an RTT falls in: the binary exponent and two mantissa comparisons, no logarithm. */
    static int bucketOf(double millis) {
        if (millis < 1.0) {
            return 0;
        }
        int exponent = Math.getExponent(millis);
        if (exponent >= (BUCKETS - 2) / PER_DOUBLING + 1) {
            return BUCKETS - 1;
        }
        double mantissa = millis / Math.scalb(1.0, exponent);
        int sub = mantissa < CUT_1 ? 0 : (mantissa < CUT_2 ? 1 : 2);
        return Math.min(1 + PER_DOUBLING * exponent + sub, BUCKETS - 1);
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

    /**
     * The three quantiles {@code q1 <= q2 <= q3} in one pass, into {@code out[0..2]}; NaN when
     * the histogram is empty.
     */
    static void quantiles(float[] buckets, double total, double q1, double q2, double q3, double[] out) {
        if (!(total > 0)) {
            out[0] = out[1] = out[2] = Double.NaN;
            return;
        }
        double[] targets = {q1 * total, q2 * total, q3 * total};
        int k = 0;
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < buckets.length && k < 3; i++) {
            double b = buckets[i];
            if (b <= 0) {
                continue;
            }
            last = i;
            while (k < 3 && cumulative + b >= targets[k]) {
                out[k] = within(i, Math.max(0.0, Math.min(1.0, (targets[k] - cumulative) / b)));
                k++;
            }
            cumulative += b;
        }
        for (; k < 3; k++) {
            out[k] = within(last, 1.0);
        }
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
