package dev.damm.core.score;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.model.GatewayId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.testing.FakeClock;
import dev.damm.spi.DammException;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ScorePropertiesTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final PathKey A = PathKey.of("gw-a", "fd-a", "pool-1");
    private static final PathKey B = PathKey.of("gw-a", "fd-b", "pool-2");
    private static final PathKey UNKNOWN = PathKey.of("gw-x", "fd-x", "pool-x");

    /** One step of a random history: advance the clock, then offer one observation. */
    record Op(int kind, int advanceSeconds, boolean ok, double rtt, double sustained, double advertised,
              double load, int offsetSeconds) {}

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<Double> rtt = Arbitraries.doubles().between(0, Measures.MAX_RTT_MILLIS)
                .edgeCases(c -> c.add(0.0, 0.999, 1.0, 6502.0, Measures.MAX_RTT_MILLIS));
        Arbitrary<Double> mbps = Arbitraries.doubles().between(0, 100_000).edgeCases(c -> c.add(0.0, 1e-9));
        return Combinators.combine(
                Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 900),
                Arbitraries.of(true, false),
                rtt,
                mbps,
                mbps.filter(d -> d > 0),
                Arbitraries.doubles().between(0, 1),
                // Mostly in range, sometimes beyond the skew allowance or the maximum age.
                Arbitraries.integers().between(-3700, 60))
                .as(Op::new)
                .list().ofMaxSize(120);
    }

    private static ScoreBook book(FakeClock clock, Duration halfLife) {
        ScoreBook book = ScoreBook.builder().clock(clock)
                .config(ScoreConfig.builder().halfLife(halfLife).build()).build();
        book.register(new PathDescriptor(A, ProviderId.of("hetzner"), RegionCode.of("eu-central"), TransportTier.T0));
        book.register(new PathDescriptor(B, ProviderId.of("vultr"), RegionCode.of("us-east"), TransportTier.T3));
        return book;
    }

    private static Observation observation(Op op, Instant now) {
        Instant at = now.plusSeconds(op.offsetSeconds());
        PathKey path = op.rtt() > 300_000 ? B : A;
        switch (op.kind()) {
            case 0:
                return op.ok() ? ProbeResult.ok(path, at, op.rtt()) : ProbeResult.failed(path, at);
            case 1:
                return new HandshakeAttempt(path, at, op.ok());
            case 2:
                return new ThroughputSample(path, at, op.sustained(), op.advertised());
            case 3:
                return new LatencySample(path, at, op.rtt());
            case 4:
                return new Heartbeat(GatewayId.of("gw-a"), at, op.load());
            case 5:
                return op.ok()
                        ? new ClientReport(path, at, true, OptionalDouble.of(op.rtt()), OptionalDouble.of(op.sustained()))
                        : ClientReport.failure(path, at);
            case 6:
                return new HandshakeAttempt(UNKNOWN, at, op.ok());
            case 7:
                return new Heartbeat(GatewayId.of("gw-x"), at, op.load());
            default:
                return ClientReport.success(path, at);
        }
    }

    /** Replays a history; returns the number of observations the book refused. */
    private static int replay(ScoreBook book, FakeClock clock, List<Op> ops, Runnable afterEach) {
        int refused = 0;
        for (Op op : ops) {
            clock.advanceSeconds(op.advanceSeconds());
            try {
                book.ingest(observation(op, clock.instant()));
            } catch (DammException e) {
                refused++;
            }
            afterEach.run();
        }
        return refused;
    }

    private static void assertUnitInterval(Optional<Score> score) {
        score.ifPresent(s -> {
            assertFalse(Double.isNaN(s.value()));
            assertTrue(s.value() >= 0 && s.value() <= 1, s.toString());
            assertTrue(Double.isFinite(s.confidence()) && s.confidence() >= 0, s.toString());
        });
    }

    @Property(tries = 300)
    void theScoreIsInTheUnitIntervalAndNeverNaNForAnyHistory(
            @ForAll("histories") List<Op> ops, @ForAll @IntRange(min = 1, max = 7200) int halfLifeSeconds) {
        FakeClock clock = new FakeClock(START);
        ScoreBook book = book(clock, Duration.ofSeconds(halfLifeSeconds));
        replay(book, clock, ops, () -> {
            assertUnitInterval(book.pathScore(A));
            assertUnitInterval(book.pathScore(B));
            for (SubjectKind kind : SubjectKind.values()) {
                for (String id : List.of("gw-a", "fd-a", "fd-b", "pool-1", "pool-2", "hetzner", "vultr", "T0", "T3")) {
                    assertUnitInterval(book.score(kind, id));
                }
            }
            book.breakdown(A).orElseThrow().latencyP99Millis()
                    .ifPresent(p99 -> assertTrue(p99 >= 0 && p99 <= Measures.MAX_RTT_MILLIS, "p99 " + p99));
            book.evaluate().forEach(e -> assertTrue(e.score() >= 0 && e.score() <= 1));
        });
    }

    @Property(tries = 300)
    void moreSuccessesNeverLowerAScore(
            @ForAll("histories") List<Op> ops,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 119) Integer> insertAfter,
            @ForAll @IntRange(min = 0, max = 2) int successKind,
            @ForAll @IntRange(min = 30, max = 3600) int halfLifeSeconds) {
        Duration halfLife = Duration.ofSeconds(halfLifeSeconds);
        FakeClock clockA = new FakeClock(START);
        ScoreBook plain = book(clockA, halfLife);
        replay(plain, clockA, ops, () -> {});

        FakeClock clockB = new FakeClock(START);
        ScoreBook more = book(clockB, halfLife);
        int[] step = {0};
        replay(more, clockB, ops, () -> {
            for (int position : insertAfter) {
                if (position == step[0]) {
                    Instant now = clockB.instant();
                    more.ingest(successKind == 0 ? new HandshakeAttempt(A, now, true)
                            : successKind == 1 ? new ProbeResult(A, now, true, OptionalDouble.empty())
                            : ClientReport.success(A, now));
                }
            }
            step[0]++;
        });

        Optional<Score> before = plain.pathScore(A);
        Optional<Score> after = more.pathScore(A);
        if (before.isPresent()) {
            assertTrue(after.isPresent());
            // Tolerance only for floating rounding in the decayed sums.
            assertTrue(after.get().value() >= before.get().value() - 1e-9, before + " -> " + after);
        }
    }

    @Property(tries = 200)
    void anObservationsWeightHalvesAtOneHalfLife(
            @ForAll @IntRange(min = 1, max = 86_400) int halfLifeSeconds,
            @ForAll @IntRange(min = 0, max = 3) int halfLivesLater) {
        Duration halfLife = Duration.ofSeconds(halfLifeSeconds);
        FakeClock clock = new FakeClock(START);
        ScoreBook book = book(clock, halfLife);
        book.ingest(new HandshakeAttempt(A, clock.instant(), false));
        assertEquals(1.0, book.breakdown(A).orElseThrow().confidence(), 1e-9);
        clock.advance(halfLife);
        assertEquals(0.5, book.breakdown(A).orElseThrow().confidence(), 1e-9);
        book.ingest(new HandshakeAttempt(A, clock.instant(), true));
        // The failure now weighs half the fresh success.
        assertEquals(2.0 / 3.0, book.breakdown(A).orElseThrow().handshakeSuccessRate().getAsDouble(), 1e-9);
        clock.advance(halfLife.multipliedBy(halfLivesLater));
        double expected = 1.5 * Math.pow(0.5, halfLivesLater);
        assertEquals(expected, book.breakdown(A).orElseThrow().confidence(), 1e-9 * expected);
        assertEquals(2.0 / 3.0, book.breakdown(A).orElseThrow().handshakeSuccessRate().getAsDouble(), 1e-9);
    }
}
