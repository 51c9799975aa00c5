package dev.damm.core.score;

import dev.damm.core.model.FrontDoorState;
import dev.damm.spi.provider.ProviderId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.EgressPoolId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.testing.FakeClock;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** Drives one path through failure and recovery on an injected clock, one evaluation per tick. */
class ThresholdDynamicsTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final PathKey PATH = PathKey.of("gw-1", "fd-1", "pool-1");
    private static final long TICK_SECONDS = 5;
    private static final Duration HALF_LIFE = Duration.ofMinutes(2);
    /** Slack for the discrete 5 s observation cadence against the continuous formula. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    private final FakeClock clock = new FakeClock(START);
    private final RecordingThresholdListener recorder = new RecordingThresholdListener();
    private final ScoreConfig config = ScoreConfig.builder()
            .halfLife(HALF_LIFE)
            // Only success rates: the score is then exactly the decayed share of successes.
            .weights(new ScoreWeights(1, 1, 0, 0, 0, 0))
            .frontDoor(new Hysteresis(0.55, 0.70, Duration.ofSeconds(20), Duration.ofSeconds(60)))
            .gateway(new Hysteresis(0.35, 0.60, Duration.ofSeconds(20), Duration.ofSeconds(90)))
            .egressPool(new Hysteresis(0.40, 0.60, Duration.ZERO, Duration.ofSeconds(60)))
            .build();
    private final ScoreBook book = ScoreBook.builder().config(config).clock(clock).listener(recorder).build();

    ThresholdDynamicsTest() {
        book.register(new PathDescriptor(PATH, ProviderId.of("hetzner"), RegionCode.of("eu-central"), TransportTier.T1));
    }

    /** Runs {@code ticks} ticks; on tick i the path's probe and handshake succeed when {@code ok(i)}. */
    private void run(int ticks, IntPredicate ok) {
        for (int i = 0; i < ticks; i++) {
            clock.advanceSeconds(TICK_SECONDS);
            boolean good = ok.test(i);
            book.ingest(good ? ProbeResult.ok(PATH, clock.instant(), 30) : ProbeResult.failed(PATH, clock.instant()));
            book.ingest(new HandshakeAttempt(PATH, clock.instant(), good));
            book.evaluate();
        }
    }

    private Optional<ThresholdEvent> first(SubjectKind kind, SubjectState to, Instant after) {
        return recorder.events.stream()
                .filter(e -> e.kind() == kind && e.to() == to && !e.at().isBefore(after))
                .findFirst();
    }

    /** Time for a decayed share of successes to fall from 1 to {@code threshold} once everything fails. */
    private static Duration timeToFallTo(double threshold) {
        return Duration.ofMillis(Math.round(HALF_LIFE.toMillis() * (Math.log(1 / threshold) / Math.log(2))));
    }

    /** Time for the share to climb from 0 to {@code threshold} once everything succeeds. */
    private static Duration timeToClimbTo(double threshold) {
        return timeToFallTo(1 - threshold);
    }

    private static void assertWithin(Instant actual, Instant earliest, Instant latest) {
        assertFalse(actual.isBefore(earliest), actual + " is before " + earliest);
        assertFalse(actual.isAfter(latest), actual + " is after " + latest);
    }

    @Test
    void aFailingPathIsDemotedThenDroppedWithinTheTimesTheConfigurationImplies() {
        run(240, i -> true); // 20 min = 10 half-lives of success: steady state
        Instant failingSince = clock.instant();
        run(120, i -> false);

        Instant demoteAt = failingSince.plus(timeToFallTo(0.55)).plus(config.frontDoor().badDwell());
        ThresholdEvent demoted = first(SubjectKind.FRONT_DOOR, SubjectState.BENCHED, failingSince).orElseThrow();
        assertWithin(demoted.at(), demoteAt.minus(SLACK), demoteAt.plus(SLACK).plusSeconds(TICK_SECONDS));

        Instant dropAt = failingSince.plus(timeToFallTo(0.35)).plus(config.gateway().badDwell());
        ThresholdEvent dropped = first(SubjectKind.GATEWAY, SubjectState.BENCHED, failingSince).orElseThrow();
        assertWithin(dropped.at(), dropAt.minus(SLACK), dropAt.plus(SLACK).plusSeconds(TICK_SECONDS));
        assertTrue(demoted.at().isBefore(dropped.at()));

        // The crossing that started it: the front door went at risk one bad dwell before demotion.
        ThresholdEvent atRisk = first(SubjectKind.FRONT_DOOR, SubjectState.AT_RISK, failingSince).orElseThrow();
        assertEquals(config.frontDoor().badDwell(), Duration.between(atRisk.at(), demoted.at()));
        assertEquals(Optional.of(config.frontDoor().badDwell()), book.meanTimeToRemoval(SubjectKind.FRONT_DOOR));
        assertEquals(Optional.of(config.gateway().badDwell()), book.meanTimeToRemoval(SubjectKind.GATEWAY));

        assertEquals(FrontDoorState.DEMOTED, book.frontDoorState(FrontDoorId.of("fd-1")).orElseThrow());
        assertFalse(book.isGatewayInCatalog(GatewayId.of("gw-1")));
        assertFalse(book.isEgressPoolUsable(EgressPoolId.of("pool-1")));
        assertTrue(demoted.score() < 0.55 && dropped.score() < 0.35);
    }

    @Test
    void aRecoveringPathIsRestoredOnlyAfterItsDwellTime() {
        run(240, i -> false); // long failure: everything benched, share of successes ~0
        assertFalse(book.isGatewayInCatalog(GatewayId.of("gw-1")));
        Instant recoveringSince = clock.instant();
        List<Boolean> inCatalog = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            run(1, t -> true);
            inCatalog.add(book.isGatewayInCatalog(GatewayId.of("gw-1")));
            times.add(clock.instant());
        }

        Instant crossesRestore = recoveringSince.plus(timeToClimbTo(0.60));
        ThresholdEvent recovering = first(SubjectKind.GATEWAY, SubjectState.RECOVERING, recoveringSince).orElseThrow();
        ThresholdEvent restored = first(SubjectKind.GATEWAY, SubjectState.ACTIVE, recoveringSince).orElseThrow();
        assertWithin(recovering.at(), crossesRestore.minus(SLACK), crossesRestore.plus(SLACK).plusSeconds(TICK_SECONDS));
        assertEquals(config.gateway().restoreDwell(), Duration.between(recovering.at(), restored.at()));
        for (int i = 0; i < times.size(); i++) {
            assertEquals(!times.get(i).isBefore(restored.at()), inCatalog.get(i), "at " + times.get(i));
        }

        ThresholdEvent fdRestored = first(SubjectKind.FRONT_DOOR, SubjectState.ACTIVE, recoveringSince).orElseThrow();
        Instant fdAt = recoveringSince.plus(timeToClimbTo(0.70)).plus(config.frontDoor().restoreDwell());
        assertWithin(fdRestored.at(), fdAt.minus(SLACK), fdAt.plus(SLACK).plusSeconds(TICK_SECONDS));
        assertTrue(fdRestored.isRestoration());
    }

    /** A success pattern whose decayed share swings around {@code centre}: runs of good then bad ticks. */
    private static IntPredicate oscillating(int goodTicks, int badTicks) {
        return i -> i % (goodTicks + badTicks) < goodTicks;
    }

    @Test
    void aPathWobblingAroundTheDemoteThresholdIsDemotedOnceAndNeverFlaps() {
        run(240, i -> true);
        Instant wobbleStart = clock.instant();
        List<Double> scores = new ArrayList<>();
        IntPredicate pattern = oscillating(11, 9); // ~55 % success in 100 s cycles
        for (int i = 0; i < 240; i++) {
            int tick = i;
            run(1, t -> pattern.test(tick));
            if (i >= 120) {
                scores.add(book.frontDoorScore(FrontDoorId.of("fd-1")).orElseThrow().value());
            }
        }
        long crossings = countCrossings(scores, 0.55);
        assertTrue(crossings >= 4, "the score must really wobble around 0.55, crossed " + crossings + " times");
        long removals = recorder.events.stream()
                .filter(e -> e.kind() == SubjectKind.FRONT_DOOR && !e.at().isBefore(wobbleStart) && e.isRemoval())
                .count();
        long restorations = recorder.events.stream()
                .filter(e -> e.kind() == SubjectKind.FRONT_DOOR && e.isRestoration())
                .count();
        assertEquals(1, removals);
        assertEquals(0, restorations, "never above 0.70 for the dwell: stays demoted");
    }

    @Test
    void aPathWobblingAroundTheRestoreThresholdFasterThanTheDwellIsNeverRestored() {
        run(240, i -> false);
        List<Double> scores = new ArrayList<>();
        IntPredicate pattern = oscillating(7, 3); // ~70 % success in 50 s cycles, shorter than the 60 s dwell
        for (int i = 0; i < 360; i++) {
            int tick = i;
            run(1, t -> pattern.test(tick));
            if (i >= 180) {
                scores.add(book.frontDoorScore(FrontDoorId.of("fd-1")).orElseThrow().value());
            }
        }
        assertTrue(countCrossings(scores, 0.70) >= 4, "the score must really wobble around 0.70");
        assertEquals(FrontDoorState.DEMOTED, book.frontDoorState(FrontDoorId.of("fd-1")).orElseThrow());
        assertTrue(recorder.events.stream().noneMatch(e -> e.kind() == SubjectKind.FRONT_DOOR && e.isRestoration()));
    }

    private static long countCrossings(List<Double> scores, double threshold) {
        long n = 0;
        for (int i = 1; i < scores.size(); i++) {
            if ((scores.get(i - 1) < threshold) != (scores.get(i) < threshold)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aGatewayThatStopsHeartbeatingIsDroppedOnceItsTtlHasPassed() {
        ScoreConfig withHeartbeat = config.toBuilder().weights(ScoreWeights.DEFAULT).heartbeatTtl(Duration.ofSeconds(30)).build();
        ScoreBook b = ScoreBook.builder().config(withHeartbeat).clock(clock).listener(recorder).build();
        b.register(new PathDescriptor(PATH, ProviderId.of("hetzner"), RegionCode.of("eu-central"), TransportTier.T1));
        Instant lastHeartbeat = null;
        for (int i = 0; i < 60; i++) {
            clock.advanceSeconds(TICK_SECONDS);
            if (i < 30) {
                b.ingest(new Heartbeat(GatewayId.of("gw-1"), clock.instant(), 0.2));
                lastHeartbeat = clock.instant();
            }
            b.ingest(ProbeResult.ok(PATH, clock.instant(), 25));
            b.evaluate();
        }
        ThresholdEvent dropped = first(SubjectKind.GATEWAY, SubjectState.BENCHED, START).orElseThrow();
        Instant ttlPassed = lastHeartbeat.plus(withHeartbeat.heartbeatTtl()).plus(withHeartbeat.gateway().badDwell());
        assertWithin(dropped.at(), ttlPassed, ttlPassed.plusSeconds(TICK_SECONDS));
        assertEquals(0.0, dropped.score());
        assertTrue(b.isEgressPoolUsable(EgressPoolId.of("pool-1")), "the pool is judged on its own observations");
    }

    @Test
    void theEventLogKeepsOnlyItsCapacityNewestFirstOut() {
        ScoreBook b = ScoreBook.builder().config(config.toBuilder().eventLogCapacity(2).build()).clock(clock).build();
        b.register(new PathDescriptor(PATH, ProviderId.of("hetzner"), RegionCode.of("eu-central"), TransportTier.T1));
        for (int i = 0; i < 5; i++) {
            b.ingest(ProbeResult.failed(PATH, clock.instant()));
        }
        List<ThresholdEvent> emitted = b.evaluate();
        assertTrue(emitted.size() > 2);
        assertEquals(emitted.subList(emitted.size() - 2, emitted.size()), b.events());
    }
}
