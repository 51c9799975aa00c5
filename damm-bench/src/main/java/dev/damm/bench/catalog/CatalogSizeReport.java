package dev.damm.bench.catalog;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogCodec;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.SignedCatalog;
import dev.damm.core.trust.Ed25519SigningKey;
import java.io.ByteArrayOutputStream;
import dev.damm.core.trust.Dsse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.concurrent.ForkJoinPool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Builds and signs the 10,000-gateway × 4-front-door catalog (timed: warm-up, then the median of
 * repeated runs, goal ≤ 50 ms) and a per-region top-16 catalog (goal ≤ 8 KiB), and prints their
 * sizes raw and gzipped.
 *
 * <p>Run: {@code java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp 'damm-bench/target/damm-bench.jar:damm-bench/target/lib/*'
 * dev.damm.bench.catalog.CatalogSizeReport}: a fixed, pre-touched heap as a long-running publisher
 * would have, so that growing the heap under the 10-MB buffers is not part of the figure.
 */
public final class CatalogSizeReport {
    static final int GATEWAYS = 10_000;
    static final int REGIONAL = 16;
    static final double BUILD_GOAL_MS = 50;
    static final int REGIONAL_GOAL_BYTES = 8 * 1024;
    private static final int WARMUP = 10;
    private static final int RUNS = 15;

    private CatalogSizeReport() {}

    public static void main(String[] args) throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        Ed25519SigningKey key = SyntheticCatalogs.key();
        CatalogScope scope = CatalogScope.of("eu-central", "standard");
        List<CatalogEntry> global = SyntheticCatalogs.entries("eu-central", GATEWAYS, 1);

        // The goal: what a publisher does, CatalogBuilder...sign(key) then writing the envelope out
        // (to a null stream here), with the default executor (the common pool) helping. The steps
        // are timed in the same rounds, interleaved, so that a neighbour's load hits all alike.
        double[] total = new double[RUNS];
        double[][] steps = new double[5][RUNS];
        SignedCatalog signed = null;
        byte[] pae = null;
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            signed = CatalogBuilder.builder().scope(scope).serial(i + 1L).clock(clock).addEntries(global).sign(key);
            signed.writeTo(OutputStream.nullOutputStream());
            long t1 = System.nanoTime();
            Catalog catalog = CatalogBuilder.builder().scope(scope).serial(i + 1L).clock(clock).addEntries(global).build();
            long t2 = System.nanoTime();
            byte[] p = CatalogCodec.encode(catalog);
            long t3 = System.nanoTime();
            pae = pae == null ? Dsse.pae(Catalog.PAYLOAD_TYPE, p) : pae;
            long t4 = System.nanoTime();
            key.sign(pae);
            long t5 = System.nanoTime();
            Base64.getEncoder().encode(p);
            long t6 = System.nanoTime();
            CatalogBuilder.builder().scope(scope).serial(i + 1L).clock(clock).addEntries(global).executor(Runnable::run).sign(key)
                    .writeTo(OutputStream.nullOutputStream());
            long t7 = System.nanoTime();
            if (i >= WARMUP) {
                int r = i - WARMUP;
                total[r] = (t1 - t0) / 1e6;
                steps[0][r] = (t2 - t1) / 1e6;
                steps[1][r] = (t3 - t2) / 1e6;
                steps[2][r] = (t5 - t4) / 1e6;
                steps[3][r] = (t6 - t5) / 1e6;
                steps[4][r] = (t7 - t6) / 1e6;
            }
        }
        byte[] envelope = signed.toJson();
        byte[] payload = signed.envelope().payload();
        double medianTotal = median(total);
        System.out.printf(Locale.ROOT, "catalog of %,d gateways x 4 front doors (%,d front doors), %d processors, common pool parallelism %d%n",
                GATEWAYS, GATEWAYS * 4, Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism());
        System.out.printf(Locale.ROOT, "  build + encode + sign + envelope: median %.1f ms over %d runs (min %.1f, max %.1f); goal <= %.0f ms: %s%n",
                medianTotal, RUNS, Arrays.stream(total).min().orElse(0), Arrays.stream(total).max().orElse(0), BUILD_GOAL_MS,
                medianTotal <= BUILD_GOAL_MS ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "  the same on the calling thread only: median %.1f ms (min %.1f)%n",
                median(steps[4]), Arrays.stream(steps[4]).min().orElse(0));
        System.out.printf(Locale.ROOT, "  steps, one thread each (medians): build %.1f ms, JSON payload %.1f ms, Ed25519 sign of the PAE %.1f ms,"
                + " payload base64 %.1f ms%n", median(steps[0]), median(steps[1]), median(steps[2]), median(steps[3]));
        printSizes(payload, envelope);
        System.out.printf(Locale.ROOT, "  %,.0f payload bytes per entry%n", (double) payload.length / GATEWAYS);

        SignedCatalog regional = CatalogBuilder.builder().scope(scope).serial(1).clock(clock)
                .addEntries(SyntheticCatalogs.entries("eu-central", REGIONAL, 2)).sign(key);
        byte[] regionalEnvelope = regional.toJson();
        byte[] regionalPayload = CatalogCodec.encode(regional.catalog());
        System.out.printf(Locale.ROOT, "per-region top-%d catalog (4 front doors each)%n", REGIONAL);
        printSizes(regionalPayload, regionalEnvelope);
        int gz = gzip(regionalEnvelope).length;
        System.out.printf(Locale.ROOT, "  goal <= %,d bytes: raw envelope %s, gzipped envelope %s%n", REGIONAL_GOAL_BYTES,
                regionalEnvelope.length <= REGIONAL_GOAL_BYTES ? "met" : "NOT met", gz <= REGIONAL_GOAL_BYTES ? "met" : "NOT met");
    }

    private static void printSizes(byte[] payload, byte[] envelope) throws IOException {
        System.out.printf(Locale.ROOT, "  payload  %,12d bytes raw  %,10d gzipped%n", payload.length, gzip(payload).length);
        System.out.printf(Locale.ROOT, "  envelope %,12d bytes raw  %,10d gzipped%n", envelope.length, gzip(envelope).length);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
