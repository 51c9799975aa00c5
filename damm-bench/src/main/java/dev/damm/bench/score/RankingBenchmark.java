package dev.damm.bench.score;

import dev.damm.core.rank.RankCandidate;
import dev.damm.core.rank.RankCandidates;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.Ranking;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.score.Observation;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ScoreBook;
import dev.damm.spi.net.RegionCode;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ranking 40,000 paths over 20 regions into per-region top-16 lists (goal ≤ 20 ms): from ready
 * candidates, and end to end from a score book (reading every path's score first).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RankingBenchmark {
    private final Ranker ranker = new Ranker(new RankingPolicy(16, 0.5, 0.75, 2));
    private List<RankCandidate> candidates;
    private ScoreBook book;
    private List<PathDescriptor> paths;

    @Setup
    public void setUp() {
        ScoreFleet fleet = new ScoreFleet(40_000);
        paths = fleet.paths;
        book = fleet.newBook();
        for (Observation o : fleet.observations(400_000, 7)) {
            book.ingest(o);
        }
        SplittableRandom rng = new SplittableRandom(11);
        candidates = new ArrayList<>(paths.size());
        for (PathDescriptor d : paths) {
            // Two decimals: many equal scores, so tie-breaks do real work.
            double score = Math.round(rng.nextDouble() * 100) / 100.0;
            candidates.add(new RankCandidate(d.key(), d.providerId(), d.region(), d.transport(), score));
        }
    }

    @Benchmark
    public SortedMap<RegionCode, Ranking> rankCandidates() {
        return ranker.rankByRegion("pro", candidates);
    }

    @Benchmark
    public SortedMap<RegionCode, Ranking> scoreAndRank() {
        return ranker.rankByRegion("pro", RankCandidates.from(book, paths));
    }
}
