package dev.damm.core.score;
import dev.damm.core.internal.score.HalfLife;

/**
 * The recency-decayed estimators of one path or aggregate, kept with forward decay.
 *
 * <p>An observation at time t is stored with weight e^(λ(t − landmark)) instead of decaying
 * every stored value on every tick; reading at time now multiplies by e^(−λ(now − landmark)).
 * Ratios (success rates, quantiles, the throughput trend) do not even need that factor. When the
 * book moves its landmark forward to keep the exponent small, each stats object is rescaled
 * once, lazily, the next time it is written. Updates are O(1) and allocate nothing.
 *
 * <p>Not thread-safe: the {@link ScoreBook}'s lock guards every instance.
 */
class DecayedStats {
    /** Epoch ms the stored weights are scaled to. */
    long landmark;
    /** Newest observation time seen, epoch ms; {@link Long#MIN_VALUE} when none. */
    long lastObservedAt = Long.MIN_VALUE;
    /** Weight of every observation: the confidence figure. */
    double total;
    double probeOk;
    double probeAll;
    double handshakeOk;
    double handshakeAll;
    double clientOk;
    double clientAll;
    // Weighted least squares of throughput ratio y against x = half-lives since the landmark.
    double tw;
    double twx;
    double twxx;
    double twy;
    double twxy;
    final float[] latency = new float[LatencyHistogram.BUCKETS];

    DecayedStats(long landmark) {
        this.landmark = landmark;
    }

    /** Re-expresses every stored weight against {@code newLandmark}. */
    void rescaleTo(long newLandmark, HalfLife decay) {
        long deltaMillis = newLandmark - landmark;
        double f = decay.factor(deltaMillis);
        double d = decay.halfLives(deltaMillis);
        total *= f;
        probeOk *= f;
        probeAll *= f;
        handshakeOk *= f;
        handshakeAll *= f;
        clientOk *= f;
        clientAll *= f;
        // Shift the regression's x origin by d along with the rescale: x' = x - d.
        double ntwxx = twxx - 2 * d * twx + d * d * tw;
        double ntwx = twx - d * tw;
        double ntwxy = twxy - d * twy;
        tw *= f;
        twx = ntwx * f;
        twxx = ntwxx * f;
        twy *= f;
        twxy = ntwxy * f;
        float ff = (float) f;
        for (int i = 0; i < latency.length; i++) {
            latency[i] *= ff;
        }
        landmark = newLandmark;
    }

    /** Zeroes every sum and re-anchors them at {@code newLandmark}. */
    final void clear(long newLandmark) {
        landmark = newLandmark;
        lastObservedAt = Long.MIN_VALUE;
        total = 0;
        probeOk = 0;
        probeAll = 0;
        handshakeOk = 0;
        handshakeAll = 0;
        clientOk = 0;
        clientAll = 0;
        tw = 0;
        twx = 0;
        twxx = 0;
        twy = 0;
        twxy = 0;
        java.util.Arrays.fill(latency, 0f);
    }

    /**
     * Adds the sums of {@code o}, which must be scaled to the same landmark. Forward-decayed
     * sums (the regression's included, its x origin being the landmark) are additive, so an
     * aggregate is exactly the sum of its paths.
     */
    final void add(DecayedStats o) {
        if (o.lastObservedAt == Long.MIN_VALUE) {
            return; // never observed: every sum is still zero
        }
        if (o.lastObservedAt > lastObservedAt) {
            lastObservedAt = o.lastObservedAt;
        }
        total += o.total;
        probeOk += o.probeOk;
        probeAll += o.probeAll;
        handshakeOk += o.handshakeOk;
        handshakeAll += o.handshakeAll;
        clientOk += o.clientOk;
        clientAll += o.clientAll;
        tw += o.tw;
        twx += o.twx;
        twxx += o.twxx;
        twy += o.twy;
        twxy += o.twxy;
        float[] mine = latency;
        float[] theirs = o.latency;
        for (int i = 0; i < mine.length; i++) {
            mine[i] += theirs[i];
        }
    }

    final void seen(long at, double w) {
        total += w;
        if (at > lastObservedAt) {
            lastObservedAt = at;
        }
    }

    final void probe(long at, double w, boolean ok, int bucket) {
        seen(at, w);
        probeAll += w;
        if (ok) {
            probeOk += w;
        }
        if (bucket >= 0) {
            latency[bucket] += (float) w;
        }
    }

    final void handshake(long at, double w, boolean ok) {
        seen(at, w);
        handshakeAll += w;
        if (ok) {
            handshakeOk += w;
        }
    }

    final void latency(long at, double w, int bucket) {
        seen(at, w);
        latency[bucket] += (float) w;
    }

    final void throughput(long at, double w, double x, double ratio) {
        seen(at, w);
        throughputPoint(w, x, ratio);
    }

    final void client(long at, double w, boolean ok, int bucket, double x, double ratio) {
        seen(at, w);
        clientAll += w;
        if (ok) {
            clientOk += w;
        }
        if (bucket >= 0) {
            latency[bucket] += (float) w;
        }
        if (ratio >= 0) {
            throughputPoint(w, x, ratio);
        }
    }

    private void throughputPoint(double w, double x, double y) {
        double wx = w * x;
        tw += w;
        twx += wx;
        twxx += wx * x;
        twy += w * y;
        twxy += wx * y;
    }

    /** Decayed mean throughput ratio, NaN without data. */
    final double throughputMean() {
        return tw > 0 ? twy / tw : Double.NaN;
    }

    /** Trend of the ratio per half-life; 0 when the samples span no time. */
    final double throughputSlope() {
        if (!(tw > 0)) {
            return Double.NaN;
        }
        double spread = tw * twxx - twx * twx;
        // Samples at (nearly) one instant say nothing about a trend.
        if (!(spread > 1e-9 * tw * tw)) {
            return 0.0;
        }
        double slope = (tw * twxy - twx * twy) / spread;
        return Double.isFinite(slope) ? slope : 0.0;
    }
}
