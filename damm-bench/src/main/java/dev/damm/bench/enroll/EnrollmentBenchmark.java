package dev.damm.bench.enroll;

import dev.damm.core.ControlPlane;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.store.InMemoryStore;
import dev.damm.spi.net.RegionCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end in-memory enrollments per second on one thread: rate limit, pass check and claim,
 * tier policy, placement over 10,000 gateways × 4 doors × 200 pools in 50 regions, address
 * allocation (v4 + v6), device insert and audit record. Passes are minted before each iteration
 * (minting is its own operation, not part of an enrollment). The store keeps every device, pass
 * and audit event in the heap, so the garbage collector's handling of a growing old generation
 * is part of the figure: both G1 and the parallel collector are reported, each with a fixed,
 * pre-touched heap as a server would run (a growing heap made G1 resize it mid-measurement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Threads(1)
public class EnrollmentBenchmark {
    private static final int BATCH = 100_000;
    private ControlPlane cp;
    private List<RegionCode> regions;
    private List<String> passes;
    private List<String> keys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        cp = Fleets.controlPlane(new InMemoryStore(), Clock.systemUTC(), 3);
        regions = Fleets.regions(50);
        Fleets.populate(cp, regions, 10_000, 4, 200);
    }

    @Setup(Level.Iteration)
    public void mintBatch() {
        passes = new ArrayList<>(BATCH);
        keys = new ArrayList<>(BATCH);
        SplittableRandom r = new SplittableRandom(passes.hashCode() + System.nanoTime());
        for (int i = 0; i < BATCH; i++) {
            passes.add(cp.passes().mint(Fleets.TIER, Duration.ofDays(1), "bench", "10.9.0." + (i % 200)).secret());
            keys.add(Fleets.key(r).base64());
        }
        next = 0;
        // Minting's garbage is not the enrollment's cost: collect it before the measured window.
        System.gc();
    }

    /** With G1, the JDK's default collector. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC"})
    public EnrollmentResult enrollG1() {
        return enroll();
    }

    /**
     * With the parallel collector: the store only grows during the run, and G1's concurrent
     * old-generation work competes with the benchmark thread for the machine's 2 cores.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
    public EnrollmentResult enrollParallelGc() {
        return enroll();
    }

    private EnrollmentResult enroll() {
        int k = next++;
        if (k >= BATCH) {
            throw new IllegalStateException("batch exhausted: raise BATCH");
        }
        return cp.enrollment().enroll(new EnrollmentRequest(passes.get(k), keys.get(k), Optional.empty(),
                Optional.of(regions.get(k % regions.size())), Optional.empty(), false, "10.8." + (k % 250) + ".1"));
    }
}
