package dev.damm.bench.score;

import dev.damm.core.score.Observation;
import dev.damm.core.score.ScoreBook;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Observations ingested per second on one thread (goal ≥ 5 million/s). Each ingest updates its
 * path (a heartbeat its gateway; aggregates are summed from their paths when read); the
 * observations are built beforehand, as they would arrive already parsed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScoreIngestBenchmark {
    private static final int OBSERVATIONS = 1 << 20;

    @Param({"1000", "10000", "40000"})
    public int paths;

    private ScoreBook book;
    private Observation[] observations;
    private int next;

    @Setup
    public void setUp() {
        ScoreFleet fleet = new ScoreFleet(paths);
        book = fleet.newBook();
        observations = fleet.observations(OBSERVATIONS, 42);
    }

    @Benchmark
    public void ingest() {
        book.ingest(observations[next++ & (OBSERVATIONS - 1)]);
    }
}
