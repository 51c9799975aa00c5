package dev.damm.core.score;

import dev.damm.core.model.FrontDoorState;
import dev.damm.spi.provider.ProviderId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.EgressPoolId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.testing.FakeClock;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ScoreBookTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final PathKey PATH = PathKey.of("gw-1", "fd-1", "pool-1");
    private static final PathKey OTHER = PathKey.of("gw-2", "fd-2", "pool-1");

    private final FakeClock clock = new FakeClock(START);
    private final ScoreBook book = ScoreBook.builder().clock(clock).build();

    private static PathDescriptor descriptor(PathKey key, String provider) {
        return new PathDescriptor(key, ProviderId.of(provider), RegionCode.of("eu-central"), TransportTier.T0);
    }

    private void registerBoth() {
        book.register(descriptor(PATH, "hetzner"));
        book.register(descriptor(OTHER, "digitalocean"));
    }

    @Test
    void aRegisteredPathWithoutObservationsHasExplicitlyNoScore() {
        registerBoth();
        assertTrue(book.pathScore(PATH).isEmpty());
        assertTrue(book.gatewayScore(GatewayId.of("gw-1")).isEmpty());
        ScoreBreakdown b = book.breakdown(PATH).orElseThrow();
        assertEquals(0.0, b.confidence());
        assertTrue(b.probeSuccessRate().isEmpty());
        assertTrue(b.latencyP50Millis().isEmpty());
        assertTrue(b.heartbeatFreshness().isEmpty());
        assertTrue(b.score().isEmpty());
        // No data is not a reason to leave service: new subjects start active.
        assertTrue(book.isGatewayInCatalog(GatewayId.of("gw-1")));
    }

    @Test
    void rejectsAnObservationForAnUnregisteredPathAndChangesNothing() {
        registerBoth();
        book.ingest(ProbeResult.ok(PATH, START, 20));
        ScoreBreakdown before = book.breakdown(PATH).orElseThrow();
        PathKey unknown = PathKey.of("gw-1", "fd-1", "pool-9");
        DammException e = assertThrows(DammException.class, () -> book.ingest(ProbeResult.failed(unknown, START)));
        assertEquals(ErrorCode.NOT_FOUND, e.errorCode());
        assertTrue(e.getMessage().startsWith("path:"), e.getMessage());
        assertEquals(before, book.breakdown(PATH).orElseThrow());
        assertTrue(book.breakdown(unknown).isEmpty());
    }

    @Test
    void rejectsTimesBeyondTheSkewAllowanceOrOlderThanTheMaximumAge() {
        registerBoth();
        Duration skew = book.config().clockSkewAllowance();
        book.ingest(new HandshakeAttempt(PATH, START.plus(skew), true));
        DammException future = assertThrows(DammException.class,
                () -> book.ingest(new HandshakeAttempt(PATH, START.plus(skew).plusMillis(1), false)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, future.errorCode());
        assertTrue(future.getMessage().startsWith("at:"), future.getMessage());
        DammException old = assertThrows(DammException.class, () -> book.ingest(
                new HandshakeAttempt(PATH, START.minus(book.config().maxObservationAge()).minusSeconds(1), false)));
        assertTrue(old.getMessage().startsWith("at:"), old.getMessage());
        assertThrows(DammException.class, () -> book.ingest(new HandshakeAttempt(PATH, Instant.MAX, false)));
        assertThrows(DammException.class, () -> book.ingest(new HandshakeAttempt(PATH, Instant.MIN, false)));
        assertEquals(1.0, book.breakdown(PATH).orElseThrow().handshakeSuccessRate().getAsDouble());
    }

    @Test
    void aHeartbeatFromAnUnknownGatewayIsRefused() {
        registerBoth();
        DammException e = assertThrows(DammException.class, () -> book.ingest(new Heartbeat(GatewayId.of("gw-9"), START, 0.1)));
        assertEquals(ErrorCode.GATEWAY_NOT_REGISTERED, e.errorCode());
        assertTrue(e.getMessage().startsWith("gatewayId:"));
    }

    @Test
    void registrationIsIdempotentButRefusesConflicts() {
        assertTrue(book.register(descriptor(PATH, "hetzner")));
        assertFalse(book.register(descriptor(PATH, "hetzner")));
        DammException other = assertThrows(DammException.class, () -> book.register(descriptor(PATH, "vultr")));
        assertEquals(ErrorCode.CONFLICT, other.errorCode());
        DammException moved = assertThrows(DammException.class,
                () -> book.register(descriptor(PathKey.of("gw-2", "fd-1", "pool-1"), "hetzner")));
        assertEquals(ErrorCode.CONFLICT, moved.errorCode());
        assertTrue(moved.getMessage().startsWith("path.frontDoorId:"));
    }

    @Test
    void unregisteringTheLastPathForgetsItsAggregates() {
        registerBoth();
        book.ingest(ProbeResult.ok(PATH, START, 20));
        assertTrue(book.unregister(PATH));
        assertFalse(book.unregister(PATH));
        assertTrue(book.frontDoorState(FrontDoorId.of("fd-1")).isEmpty());
        assertFalse(book.isGatewayInCatalog(GatewayId.of("gw-1")));
        assertTrue(book.isEgressPoolUsable(EgressPoolId.of("pool-1")), "pool-1 still serves the other path");
        assertEquals(List.of(descriptor(OTHER, "digitalocean")), book.paths());
    }

    @Test
    void successRatesAreDecayedSoRecentObservationsDominate() {
        registerBoth();
        for (int i = 0; i < 10; i++) {
            book.ingest(new HandshakeAttempt(PATH, clock.instant(), false));
        }
        clock.advance(book.config().halfLife().multipliedBy(3));
        for (int i = 0; i < 10; i++) {
            book.ingest(new HandshakeAttempt(PATH, clock.instant(), true));
        }
        // Ten failures three half-lives old weigh 10/8: the rate is 10 / (10 + 1.25).
        double rate = book.breakdown(PATH).orElseThrow().handshakeSuccessRate().getAsDouble();
        assertEquals(10 / 11.25, rate, 1e-9);
    }

    @Test
    void latencyQuantilesComeFromTheDecayedHistogramWithinABucketWidth() {
        registerBoth();
        // 1..200 ms evenly: p50 ≈ 100, p90 ≈ 180, p99 ≈ 198.
        for (int ms = 1; ms <= 200; ms++) {
            book.ingest(new LatencySample(PATH, START, ms));
        }
        ScoreBreakdown b = book.breakdown(PATH).orElseThrow();
        assertEquals(100, b.latencyP50Millis().getAsDouble(), 100 * 0.13);
        assertEquals(180, b.latencyP90Millis().getAsDouble(), 180 * 0.13);
        assertEquals(198, b.latencyP99Millis().getAsDouble(), 198 * 0.13);
    }

    @Test
    void aRisingLatencyTailLowersTheScore() {
        registerBoth();
        for (int i = 0; i < 100; i++) {
            book.ingest(new LatencySample(PATH, START, 30));
            book.ingest(new LatencySample(OTHER, START, i < 85 ? 30 : 2000));
        }
        assertTrue(book.pathScore(OTHER).orElseThrow().value() < book.pathScore(PATH).orElseThrow().value());
    }

    @Test
    void aFallingThroughputTrendPullsTheThroughputComponentBelowItsMean() {
        registerBoth();
        for (int i = 0; i < 20; i++) {
            book.ingest(new ThroughputSample(PATH, clock.instant(), 100 - 4 * i, 100));
            clock.advanceSeconds(30);
        }
        ScoreBreakdown b = book.breakdown(PATH).orElseThrow();
        assertTrue(b.throughputSlopePerHalfLife().getAsDouble() < 0, b.toString());
        double projected = b.throughputRatio().getAsDouble() + b.throughputSlopePerHalfLife().getAsDouble();
        ScoreConfig onlyThroughput = ScoreConfig.builder().weights(new ScoreWeights(0, 0, 1, 0, 0, 0)).build();
        assertEquals(Math.max(0, projected), replayThroughputInto(onlyThroughput), 1e-9);
    }

    /** Replays the same throughput samples into a book with {@code config}; returns the path's score. */
    private double replayThroughputInto(ScoreConfig config) {
        FakeClock c = new FakeClock(START);
        ScoreBook b = ScoreBook.builder().config(config).clock(c).build();
        b.register(descriptor(PATH, "hetzner"));
        for (int i = 0; i < 20; i++) {
            b.ingest(new ThroughputSample(PATH, c.instant(), 100 - 4 * i, 100));
            c.advanceSeconds(30);
        }
        return b.pathScore(PATH).orElseThrow().value();
    }

    @Test
    void clientThroughputIsComparedWithTheLastAdvertisedRate() {
        registerBoth();
        book.ingest(new ClientReport(PATH, START, true, OptionalDouble.of(40), OptionalDouble.of(50)));
        assertTrue(book.breakdown(PATH).orElseThrow().throughputRatio().isEmpty(), "nothing advertised yet");
        book.ingest(new ThroughputSample(PATH, START, 100, 100));
        book.ingest(new ClientReport(PATH, START, true, OptionalDouble.empty(), OptionalDouble.of(50)));
        assertEquals(0.75, book.breakdown(PATH).orElseThrow().throughputRatio().getAsDouble(), 1e-9);
        assertEquals(1.0, book.breakdown(PATH).orElseThrow().clientSuccessRate().getAsDouble());
    }

    @Test
    void heartbeatFreshnessFallsToZeroPastTheTtlAndAStaleGatewayScoresZero() {
        registerBoth();
        Duration ttl = book.config().heartbeatTtl();
        book.ingest(new Heartbeat(GatewayId.of("gw-1"), START, 0.0));
        book.ingest(ProbeResult.ok(PATH, START, 20));
        clock.advance(ttl.dividedBy(2));
        assertEquals(1.0, book.breakdown(PATH).orElseThrow().heartbeatFreshness().getAsDouble());
        clock.advance(ttl.dividedBy(4));
        assertEquals(0.5, book.breakdown(PATH).orElseThrow().heartbeatFreshness().getAsDouble(), 1e-9);
        assertTrue(book.pathScore(PATH).orElseThrow().value() > 0.5);
        clock.advance(ttl.dividedBy(4));
        assertEquals(0.0, book.breakdown(PATH).orElseThrow().heartbeatFreshness().getAsDouble());
        assertEquals(0.0, book.pathScore(PATH).orElseThrow().value());
        assertEquals(0.0, book.gatewayScore(GatewayId.of("gw-1")).orElseThrow().value());
        assertTrue(book.egressPoolScore(EgressPoolId.of("pool-1")).orElseThrow().value() > 0, "a pool does not die with one gateway");
    }

    @Test
    void loadDiscountsTheHeartbeatComponent() {
        ScoreConfig onlyHeartbeat = ScoreConfig.builder().weights(new ScoreWeights(0, 0, 0, 0, 1, 0)).build();
        ScoreBook b = ScoreBook.builder().config(onlyHeartbeat).clock(clock).build();
        b.register(descriptor(PATH, "hetzner"));
        b.ingest(new Heartbeat(GatewayId.of("gw-1"), START, 1.0));
        assertEquals(1.0 - onlyHeartbeat.heartbeatLoadPenalty(), b.gatewayScore(GatewayId.of("gw-1")).orElseThrow().value(), 1e-12);
        b.ingest(new Heartbeat(GatewayId.of("gw-1"), START.plusSeconds(1), 0.0));
        assertEquals(1.0, b.gatewayScore(GatewayId.of("gw-1")).orElseThrow().value(), 1e-12);
    }

    @Test
    void observationsFeedEveryAggregateOfTheirPath() {
        registerBoth();
        book.ingest(ProbeResult.failed(PATH, START));
        book.ingest(ProbeResult.ok(OTHER, START, 10));
        assertEquals(0.0, book.breakdown(SubjectKind.FRONT_DOOR, "fd-1").orElseThrow().probeSuccessRate().getAsDouble());
        assertEquals(1.0, book.breakdown(SubjectKind.GATEWAY, "gw-2").orElseThrow().probeSuccessRate().getAsDouble());
        assertEquals(0.5, book.breakdown(SubjectKind.EGRESS_POOL, "pool-1").orElseThrow().probeSuccessRate().getAsDouble());
        assertEquals(0.0, book.breakdown(SubjectKind.PROVIDER, "hetzner").orElseThrow().probeSuccessRate().getAsDouble());
        assertEquals(0.5, book.breakdown(SubjectKind.TRANSPORT, "T0").orElseThrow().probeSuccessRate().getAsDouble());
        assertEquals(2.0, book.transportScore(TransportTier.T0).orElseThrow().confidence(), 1e-12);
        assertTrue(book.providerScore(ProviderId.of("digitalocean")).orElseThrow().value() > book.providerScore(ProviderId.of("hetzner")).orElseThrow().value());
    }

    @Test
    void aLoneObservationManyHalfLivesOldIsNoData() {
        registerBoth();
        book.ingest(new HandshakeAttempt(PATH, START, true));
        clock.advance(book.config().halfLife().multipliedBy(7));
        assertTrue(book.pathScore(PATH).isEmpty());
        assertTrue(book.breakdown(PATH).orElseThrow().confidence() < 0.01);
    }

    @Test
    void theLandmarkMovesForwardWithoutChangingAnyScore() {
        registerBoth();
        ScoreBook reference = ScoreBook.builder().clock(clock).build();
        reference.register(descriptor(PATH, "hetzner"));
        // Two days of traffic: far past the forward-decay landmark's renormalisation point.
        for (int minute = 0; minute < 2 * 24 * 60; minute += 7) {
            clock.advanceSeconds(7 * 60);
            boolean ok = minute % 3 != 0;
            book.ingest(new HandshakeAttempt(PATH, clock.instant(), ok));
            book.ingest(new LatencySample(PATH, clock.instant(), 20 + minute % 50));
            reference.ingest(new HandshakeAttempt(PATH, clock.instant(), ok));
            reference.ingest(new LatencySample(PATH, clock.instant(), 20 + minute % 50));
        }
        Score s = book.pathScore(PATH).orElseThrow();
        assertTrue(Double.isFinite(s.confidence()) && s.confidence() > 1, s.toString());
        assertEquals(reference.pathScore(PATH).orElseThrow(), s);
        // Steady state of one observation per 7 min with a 5 min half-life.
        double steady = 1 / (1 - Math.pow(2, -7.0 / 5));
        assertEquals(2 * steady, s.confidence(), 1e-6);
    }

    @Test
    void listenersHearEveryEventEvenWhenOneOfThemThrows() {
        RecordingThresholdListener recorder = new RecordingThresholdListener();
        ScoreBook b = ScoreBook.builder().clock(clock)
                .listener(e -> {
                    throw new IllegalStateException("boom");
                })
                .listener(recorder)
                .build();
        b.register(descriptor(PATH, "hetzner"));
        for (int i = 0; i < 5; i++) {
            b.ingest(ProbeResult.failed(PATH, START));
        }
        List<ThresholdEvent> emitted = b.evaluate();
        assertFalse(emitted.isEmpty());
        assertEquals(emitted, recorder.events);
        assertEquals(emitted, b.events());
        assertFalse(b.isGatewayInCatalog(GatewayId.of("gw-1")));
        assertFalse(b.isEgressPoolUsable(EgressPoolId.of("pool-1")));
        assertEquals(FrontDoorState.DEMOTED, b.frontDoorState(FrontDoorId.of("fd-1")).orElseThrow());
    }

    @Test
    void thresholdsIgnoreScoresBelowTheMinimumConfidence() {
        registerBoth();
        book.ingest(ProbeResult.failed(PATH, START));
        book.ingest(ProbeResult.failed(PATH, START));
        assertEquals(0.0, book.pathScore(PATH).orElseThrow().value());
        assertTrue(book.evaluate().isEmpty(), "two observations are below the minimum confidence of 3");
        assertEquals(FrontDoorState.ACTIVE, book.frontDoorState(FrontDoorId.of("fd-1")).orElseThrow());
    }

    @Test
    void bulkScoresEqualTheSingleOnesAndLeaveOutPathsWithoutData() {
        registerBoth();
        book.ingest(ProbeResult.ok(PATH, START, 20));
        book.ingest(new LatencySample(PATH, START, 80));
        PathKey unknown = PathKey.of("gw-9", "fd-9", "pool-9");
        java.util.Map<PathKey, Score> bulk = book.pathScores(List.of(PATH, OTHER, unknown));
        assertEquals(java.util.Map.of(PATH, book.pathScore(PATH).orElseThrow()), bulk);
        ScoreSource generic = new ScoreSource() {
            @Override
            public java.util.Optional<Score> pathScore(PathKey path) {
                return book.pathScore(path);
            }

            @Override
            public java.util.Optional<Score> gatewayScore(GatewayId gatewayId) {
                return book.gatewayScore(gatewayId);
            }

            @Override
            public java.util.Optional<Score> frontDoorScore(FrontDoorId frontDoorId) {
                return book.frontDoorScore(frontDoorId);
            }

            @Override
            public java.util.Optional<Score> egressPoolScore(EgressPoolId egressPoolId) {
                return book.egressPoolScore(egressPoolId);
            }

            @Override
            public java.util.Optional<FrontDoorState> frontDoorState(FrontDoorId frontDoorId) {
                return book.frontDoorState(frontDoorId);
            }

            @Override
            public boolean isGatewayInCatalog(GatewayId gatewayId) {
                return book.isGatewayInCatalog(gatewayId);
            }

            @Override
            public boolean isEgressPoolUsable(EgressPoolId egressPoolId) {
                return book.isEgressPoolUsable(egressPoolId);
            }
        };
        assertEquals(bulk, generic.pathScores(List.of(PATH, OTHER, unknown)));
    }
}
