package dev.damm.bench.enroll;

import dev.damm.core.ControlPlane;
import dev.damm.core.model.AccessTier;
import dev.damm.core.placement.FleetSnapshot;
import dev.damm.core.placement.Placement;
import dev.damm.core.placement.PlacementRequest;
import dev.damm.core.placement.PlacementSignals;
import dev.damm.core.placement.Placer;
import dev.damm.core.store.InMemoryStore;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * Placements per second on one thread with 10,000 gateways × 4 front doors × 200 egress pools.
 * {@code regions} spreads the fleet: 50 regions (200 gateways each) is a global fleet; 1 region
 * is the worst case where every placement scans all 10,000 gateways.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Threads(1)
public class PlacementBenchmark {
    @Param({"50", "1"})
    public int regions;

    private Placer placer;
    private FleetSnapshot snapshot;
    private AccessTier tier;
    private List<RegionCode> regionList;
    private Instant now;
    private int i;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        ControlPlane cp = Fleets.controlPlane(new InMemoryStore(), clock, 1);
        regionList = Fleets.regions(regions);
        Fleets.populate(cp, regionList, 10_000, 4, 200);
        snapshot = cp.fleet().snapshot();
        tier = cp.store().inTransaction(tx -> tx.accessTiers().find(Fleets.TIER)).orElseThrow();
        placer = new Placer(PlacementSignals.NEUTRAL, Duration.ofDays(3650), 4);
        now = clock.instant();
    }

    @Benchmark
    public Placement place() {
        int k = i++;
        RegionCode region = regionList.get(k % regionList.size());
        CountryCode exit = Fleets.EXITS[k % Fleets.EXITS.length];
        return placer.place(new PlacementRequest(tier, Optional.of(region), Optional.of(exit), false), snapshot, now);
    }
}
