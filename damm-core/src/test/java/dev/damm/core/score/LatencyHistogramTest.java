package dev.damm.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsSplitEachDoublingInThreeBetweenOneMillisecondAndTheOverflow() {
        assertEquals(0, LatencyHistogram.bucketOf(0));
        assertEquals(0, LatencyHistogram.bucketOf(0.99));
        assertEquals(1, LatencyHistogram.bucketOf(1));
        assertEquals(4, LatencyHistogram.bucketOf(2.01));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(7000));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(Measures.MAX_RTT_MILLIS));
        for (int i = 1; i < LatencyHistogram.BUCKETS - 1; i++) {
            double mid = Math.sqrt(LatencyHistogram.lowerEdge(i) * LatencyHistogram.lowerEdge(i + 1));
            assertEquals(i, LatencyHistogram.bucketOf(mid));
        }
    }

    @Test
    void anEmptyHistogramHasNoQuantile() {
        float[] b = new float[LatencyHistogram.BUCKETS];
        assertTrue(Double.isNaN(LatencyHistogram.quantile(b, LatencyHistogram.total(b), 0.5)));
    }

    @Test
    void quantilesDoNotDependOnACommonScale() {
        float[] a = new float[LatencyHistogram.BUCKETS];
        float[] b = new float[LatencyHistogram.BUCKETS];
        for (int ms = 3; ms < 900; ms += 7) {
            a[LatencyHistogram.bucketOf(ms)] += 1f;
            b[LatencyHistogram.bucketOf(ms)] += 1e6f;
        }
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            assertEquals(LatencyHistogram.quantile(a, LatencyHistogram.total(a), q),
                    LatencyHistogram.quantile(b, LatencyHistogram.total(b), q), 1e-3);
        }
    }

    @Property(tries = 300)
    void aQuantileIsWithinOneBucketOfTheExactSampleQuantile(
            @ForAll @Size(min = 1, max = 400) List<@DoubleRange(min = 1, max = 6000) Double> samples) {
        float[] b = new float[LatencyHistogram.BUCKETS];
        samples.forEach(s -> b[LatencyHistogram.bucketOf(s)] += 1f);
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        double bucketRatio = Math.pow(2, 1.0 / 3);
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            double estimate = LatencyHistogram.quantile(b, LatencyHistogram.total(b), q);
            // The exact q-quantile lies between these order statistics.
            double low = sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
            double high = sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length))];
            assertTrue(estimate >= low / bucketRatio - 1e-9 && estimate <= high * bucketRatio + 1e-9,
                    "q" + q + " estimate " + estimate + " outside [" + low + ", " + high + "]");
        }
    }

    @Property(tries = 200)
    void theOnePassQuantilesEqualTheSingleOnes(
            @ForAll @Size(max = 300) List<@DoubleRange(min = 0, max = 20000) Double> samples) {
        float[] b = new float[LatencyHistogram.BUCKETS];
        samples.forEach(s -> b[LatencyHistogram.bucketOf(s)] += 1f);
        double total = LatencyHistogram.total(b);
        double[] out = new double[3];
        LatencyHistogram.quantiles(b, total, 0.5, 0.9, 0.99, out);
        assertEquals(LatencyHistogram.quantile(b, total, 0.5), out[0]);
        assertEquals(LatencyHistogram.quantile(b, total, 0.9), out[1]);
        assertEquals(LatencyHistogram.quantile(b, total, 0.99), out[2]);
    }
}
