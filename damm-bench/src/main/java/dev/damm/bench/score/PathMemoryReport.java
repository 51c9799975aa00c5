package dev.damm.bench.score;

import dev.damm.core.score.Observation;
import dev.damm.core.score.ScoreBook;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Prints the heap retained per tracked path (goal ≤ 512 bytes), quantile histograms included.
 *
 * <p>For a fleet of n paths it measures the used heap after full GCs before and after building the
 * descriptors, and after a {@link ScoreBook} registers every path and ingests observations that
 * touch every estimator. It does so for n/2 and n (after a warm-up build, so class loading and
 * JIT are paid already) and prints the average per path at n and the marginal cost per path
 * between n/2 and n, which cancels any fixed overhead. The book's figure covers its path entries,
 * histograms, hash table, aggregates and state machines; descriptors (keys and shared id strings)
 * are the caller's inventory and are shown apart.
 *
 * <p>Run: {@code java -cp damm-bench/target/damm-bench.jar dev.damm.bench.score.PathMemoryReport [paths]}.
 */
public final class PathMemoryReport {
    private PathMemoryReport() {}

    /** Heap used by one measured build. */
    private record Footprint(int paths, long descriptors, long book) {}

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        measure(Math.max(ScoreFleet.FRONT_DOORS_PER_GATEWAY * ScoreFleet.POOLS_PER_REGION, n / 10)); // warm-up
        Footprint half = measure(n / 2);
        Footprint full = measure(n);
        double bookAvg = full.book() / (double) full.paths();
        double descAvg = full.descriptors() / (double) full.paths();
        int marginalPaths = full.paths() - half.paths();
        double bookMarginal = (full.book() - half.book()) / (double) marginalPaths;
        double descMarginal = (full.descriptors() - half.descriptors()) / (double) marginalPaths;
        System.out.printf(Locale.ROOT, "paths tracked: %d (and %d)%n", full.paths(), half.paths());
        System.out.printf(Locale.ROOT, "score book, bytes per path:              average %.1f, marginal %.1f%n", bookAvg, bookMarginal);
        System.out.printf(Locale.ROOT, "descriptors (keys, ids), bytes per path: average %.1f, marginal %.1f%n", descAvg, descMarginal);
        System.out.printf(Locale.ROOT, "together, bytes per path:                average %.1f, marginal %.1f%n",
                bookAvg + descAvg, bookMarginal + descMarginal);
    }

    private static Footprint measure(int n) throws InterruptedException {
        long baseline = usedAfterGc();
        ScoreFleet fleet = new ScoreFleet(n);
        long withDescriptors = usedAfterGc();
        ScoreBook book = fleet.newBook();
        feed(fleet, book, fleet.paths.size() * 12);
        long withBook = usedAfterGc();
        if (Boolean.getBoolean("damm.hold") && n >= 40_000) {
            Thread.sleep(Long.MAX_VALUE); // keep the heap for jcmd GC.class_histogram
        }
        Reference.reachabilityFence(book);
        Reference.reachabilityFence(fleet);
        return new Footprint(fleet.paths.size(), withDescriptors - baseline, withBook - withDescriptors);
    }

    /** Ingests in batches so no large array of observations outlives the call. */
    private static void feed(ScoreFleet fleet, ScoreBook book, int count) {
        for (int batch = 0; batch < count; batch += 100_000) {
            // Every path sees every observation type so no estimator stays at its initial state.
            for (Observation o : fleet.observations(Math.min(100_000, count - batch), batch)) {
                book.ingest(o);
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Repeat until the figure settles: one System.gc() may leave floating garbage.
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
