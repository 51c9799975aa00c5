package dev.damm.core.score;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.model.GatewayId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ObservationValidationTest {
    private static final PathKey PATH = PathKey.of("gw-1", "fd-1", "pool-1");
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private static void rejected(String field, Executable build) {
        DammException e = assertThrows(DammException.class, build);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }

    @Test
    void pathKeyRejectsIdsOutsideTheAllowedShape() {
        rejected("gatewayId", () -> PathKey.of("", "fd", "pool"));
        rejected("frontDoorId", () -> PathKey.of("gw", "fd with space", "pool"));
        rejected("egressPoolId", () -> PathKey.of("gw", "fd", "p".repeat(65)));
        assertEquals("gw.1/fd:2/pool_3-x", PathKey.of("gw.1", "fd:2", "pool_3-x").toString());
    }

    @Test
    void pathKeysOrderByGatewayThenFrontDoorThenPool() {
        assertTrue(PathKey.of("a", "z", "z").compareTo(PathKey.of("b", "a", "a")) < 0);
        assertTrue(PathKey.of("a", "a", "z").compareTo(PathKey.of("a", "b", "a")) < 0);
        assertTrue(PathKey.of("a", "a", "a").compareTo(PathKey.of("a", "a", "b")) < 0);
    }

    @Test
    void rttMustBeFiniteAndNotNegative() {
        rejected("rttMillis", () -> new LatencySample(PATH, AT, Double.NaN));
        rejected("rttMillis", () -> new LatencySample(PATH, AT, -1));
        rejected("rttMillis", () -> new LatencySample(PATH, AT, Double.POSITIVE_INFINITY));
        rejected("rttMillis", () -> ProbeResult.ok(PATH, AT, -0.5));
        rejected("rttMillis", () -> new ClientReport(PATH, AT, true, OptionalDouble.of(Double.NaN), OptionalDouble.empty()));
    }

    @Test
    void aFailedProbeOrReportCarriesNoMeasurements() {
        rejected("rttMillis", () -> new ProbeResult(PATH, AT, false, OptionalDouble.of(20)));
        rejected("succeeded", () -> new ClientReport(PATH, AT, false, OptionalDouble.of(20), OptionalDouble.empty()));
    }

    @Test
    void throughputNeedsAPositiveAdvertisedRateAndCapsTheRatioAtOne() {
        rejected("advertisedMbps", () -> new ThroughputSample(PATH, AT, 10, 0));
        rejected("sustainedMbps", () -> new ThroughputSample(PATH, AT, Double.NaN, 10));
        rejected("sustainedMbps", () -> new ThroughputSample(PATH, AT, -3, 10));
        assertEquals(1.0, new ThroughputSample(PATH, AT, 150, 100).ratio());
        assertEquals(0.25, new ThroughputSample(PATH, AT, 25, 100).ratio());
    }

    @Test
    void heartbeatLoadIsAShare() {
        rejected("load", () -> new Heartbeat(GatewayId.of("gw-1"), AT, 1.5));
        rejected("load", () -> new Heartbeat(GatewayId.of("gw-1"), AT, Double.NaN));
        rejected("gatewayId", () -> new Heartbeat(GatewayId.of("gw 1"), AT, 0.5));
        rejected("at", () -> new Heartbeat(GatewayId.of("gw-1"), null, 0.5));
    }

    @Test
    void configRejectsThresholdsWithoutHysteresisAndOutOfRangeDurations() {
        rejected("restoreAt", () -> new Hysteresis(0.6, 0.6, java.time.Duration.ZERO, java.time.Duration.ZERO));
        rejected("badDwell", () -> new Hysteresis(0.4, 0.6, java.time.Duration.ofSeconds(-1), java.time.Duration.ZERO));
        rejected("below", () -> new Hysteresis(Double.NaN, 0.6, java.time.Duration.ZERO, java.time.Duration.ZERO));
        rejected("halfLife", () -> ScoreConfig.builder().halfLife(java.time.Duration.ZERO).build());
        rejected("minConfidence", () -> ScoreConfig.builder().minConfidence(-1).build());
        rejected("weights", () -> new ScoreWeights(0, 0, 0, 0, 0, 0));
        rejected("weights.latency", () -> new ScoreWeights(1, 1, 1, -1, 1, 1));
        ScoreConfig c = ScoreConfig.defaults();
        assertEquals(c, c.toBuilder().build());
    }
}
