package dev.damm.core.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link ScoreBook}: decay, weights, thresholds, dwell times and input limits.
 * Every value is validated when built; {@link #defaults()} is a reasonable production start.
 *
 * <p>Defaults: half-life 5 min; {@link ScoreWeights#DEFAULT}; front doors demoted below 0.55
 * and restored at 0.70, gateways dropped below 0.35 and restored at 0.60, egress pools skipped
 * below 0.40 and restored at 0.60; no bad dwell, 3 min restore dwell; heartbeat TTL 90 s;
 * clock skew allowance 30 s; observations older than 1 h rejected; thresholds act only on
 * confidence of at least 3 observations; latency reference 150 ms; heartbeat load penalty 0.25;
 * a gateway past its heartbeat TTL scores 0; the event log keeps the last 10,000 events.
 */
public final class ScoreConfig {
    private final Duration halfLife;
    private final ScoreWeights weights;
    private final Hysteresis frontDoor;
    private final Hysteresis gateway;
    private final Hysteresis egressPool;
    private final Duration heartbeatTtl;
    private final Duration clockSkewAllowance;
    private final Duration maxObservationAge;
    private final double minConfidence;
    private final double latencyReferenceMillis;
    private final double heartbeatLoadPenalty;
    private final boolean staleGatewayScoresZero;
    private final int eventLogCapacity;

    private ScoreConfig(Builder b) {
        this.halfLife = duration("halfLife", b.halfLife, Duration.ofSeconds(1), Duration.ofDays(1));
        this.weights = Require.nonNull("weights", b.weights);
        this.frontDoor = Require.nonNull("frontDoor", b.frontDoor);
        this.gateway = Require.nonNull("gateway", b.gateway);
        this.egressPool = Require.nonNull("egressPool", b.egressPool);
        this.heartbeatTtl = duration("heartbeatTtl", b.heartbeatTtl, Duration.ofSeconds(1), Duration.ofDays(1));
        this.clockSkewAllowance = duration("clockSkewAllowance", b.clockSkewAllowance, Duration.ZERO, Duration.ofHours(1));
        this.maxObservationAge = duration("maxObservationAge", b.maxObservationAge, Duration.ofSeconds(1), Duration.ofDays(7));
        this.minConfidence = Require.range("minConfidence", b.minConfidence, 0.0, 1_000_000.0);
        this.latencyReferenceMillis = Require.range("latencyReferenceMillis", b.latencyReferenceMillis, 0.001, 600_000.0);
        this.heartbeatLoadPenalty = Require.range("heartbeatLoadPenalty", b.heartbeatLoadPenalty, 0.0, 1.0);
        this.staleGatewayScoresZero = b.staleGatewayScoresZero;
        this.eventLogCapacity = Require.range("eventLogCapacity", b.eventLogCapacity, 1, 1_000_000);
    }

    private static Duration duration(String field, Duration d, Duration min, Duration max) {
        Require.nonNull(field, d);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw DammException.invalid(field, "must be between " + min + " and " + max + ", was " + d);
        }
        return d;
    }

    /** The documented defaults. */
    public static ScoreConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .halfLife(halfLife).weights(weights)
                .frontDoor(frontDoor).gateway(gateway).egressPool(egressPool)
                .heartbeatTtl(heartbeatTtl).clockSkewAllowance(clockSkewAllowance)
                .maxObservationAge(maxObservationAge).minConfidence(minConfidence)
                .latencyReferenceMillis(latencyReferenceMillis).heartbeatLoadPenalty(heartbeatLoadPenalty)
                .staleGatewayScoresZero(staleGatewayScoresZero).eventLogCapacity(eventLogCapacity);
    }

    /** Time after which an observation counts half as much as a fresh one. */
    public Duration halfLife() {
        return halfLife;
    }

    public ScoreWeights weights() {
        return weights;
    }

    /** Demote / restore thresholds of front doors. */
    public Hysteresis frontDoor() {
        return frontDoor;
    }

    /** Drop / restore thresholds of gateways. */
    public Hysteresis gateway() {
        return gateway;
    }

    /** Skip / restore thresholds of egress pools. */
    public Hysteresis egressPool() {
        return egressPool;
    }

    /** The hysteresis of a subject kind that has thresholds. */
    public Hysteresis hysteresis(SubjectKind kind) {
        switch (kind) {
            case FRONT_DOOR:
                return frontDoor;
            case GATEWAY:
                return gateway;
            case EGRESS_POOL:
                return egressPool;
            default:
                throw DammException.invalid("kind", kind + " has no thresholds");
        }
    }

    /** Age at which a gateway's heartbeat freshness reaches 0. */
    public Duration heartbeatTtl() {
        return heartbeatTtl;
    }

    /** How far in the future an observation's time may be before it is rejected. */
    public Duration clockSkewAllowance() {
        return clockSkewAllowance;
    }

    /** How old an observation may be when it arrives before it is rejected. */
    public Duration maxObservationAge() {
        return maxObservationAge;
    }

    /** Decayed sample count below which a score never moves a threshold state. */
    public double minConfidence() {
        return minConfidence;
    }

    /** RTT that scores 0.5 on the latency component; 0 ms scores 1. */
    public double latencyReferenceMillis() {
        return latencyReferenceMillis;
    }

    /** Share of the heartbeat component a fully loaded gateway loses. */
    public double heartbeatLoadPenalty() {
        return heartbeatLoadPenalty;
    }

    /** Whether a gateway that heartbeated once and is now past its TTL scores 0, with its paths. */
    public boolean staleGatewayScoresZero() {
        return staleGatewayScoresZero;
    }

    /** How many threshold events the book keeps for queries. */
    public int eventLogCapacity() {
        return eventLogCapacity;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScoreConfig)) {
            return false;
        }
        ScoreConfig c = (ScoreConfig) o;
        return halfLife.equals(c.halfLife) && weights.equals(c.weights) && frontDoor.equals(c.frontDoor)
                && gateway.equals(c.gateway) && egressPool.equals(c.egressPool)
                && heartbeatTtl.equals(c.heartbeatTtl) && clockSkewAllowance.equals(c.clockSkewAllowance)
                && maxObservationAge.equals(c.maxObservationAge) && minConfidence == c.minConfidence
                && latencyReferenceMillis == c.latencyReferenceMillis
                && heartbeatLoadPenalty == c.heartbeatLoadPenalty
                && staleGatewayScoresZero == c.staleGatewayScoresZero && eventLogCapacity == c.eventLogCapacity;
    }

    @Override
    public int hashCode() {
        return Objects.hash(halfLife, weights, frontDoor, gateway, egressPool, heartbeatTtl, clockSkewAllowance,
                maxObservationAge, minConfidence, latencyReferenceMillis, heartbeatLoadPenalty,
                staleGatewayScoresZero, eventLogCapacity);
    }

    @Override
    public String toString() {
        return "ScoreConfig[halfLife=" + halfLife + ", weights=" + weights + ", frontDoor=" + frontDoor
                + ", gateway=" + gateway + ", egressPool=" + egressPool + ", heartbeatTtl=" + heartbeatTtl
                + ", clockSkewAllowance=" + clockSkewAllowance + ", maxObservationAge=" + maxObservationAge
                + ", minConfidence=" + minConfidence + ", latencyReferenceMillis=" + latencyReferenceMillis
                + ", heartbeatLoadPenalty=" + heartbeatLoadPenalty + ", staleGatewayScoresZero="
                + staleGatewayScoresZero + ", eventLogCapacity=" + eventLogCapacity + "]";
    }

    /** Builds a {@link ScoreConfig}; starts from the documented defaults. */
    public static final class Builder {
        private Duration halfLife = Duration.ofMinutes(5);
        private ScoreWeights weights = ScoreWeights.DEFAULT;
        private Hysteresis frontDoor = new Hysteresis(0.55, 0.70, Duration.ZERO, Duration.ofMinutes(3));
        private Hysteresis gateway = new Hysteresis(0.35, 0.60, Duration.ZERO, Duration.ofMinutes(3));
        private Hysteresis egressPool = new Hysteresis(0.40, 0.60, Duration.ZERO, Duration.ofMinutes(3));
        private Duration heartbeatTtl = Duration.ofSeconds(90);
        private Duration clockSkewAllowance = Duration.ofSeconds(30);
        private Duration maxObservationAge = Duration.ofHours(1);
        private double minConfidence = 3.0;
        private double latencyReferenceMillis = 150.0;
        private double heartbeatLoadPenalty = 0.25;
        private boolean staleGatewayScoresZero = true;
        private int eventLogCapacity = 10_000;

        private Builder() {}

        public Builder halfLife(Duration halfLife) {
            this.halfLife = halfLife;
            return this;
        }

        public Builder weights(ScoreWeights weights) {
            this.weights = weights;
            return this;
        }

        public Builder frontDoor(Hysteresis frontDoor) {
            this.frontDoor = frontDoor;
            return this;
        }

        public Builder gateway(Hysteresis gateway) {
            this.gateway = gateway;
            return this;
        }

        public Builder egressPool(Hysteresis egressPool) {
            this.egressPool = egressPool;
            return this;
        }

        public Builder heartbeatTtl(Duration heartbeatTtl) {
            this.heartbeatTtl = heartbeatTtl;
            return this;
        }

        public Builder clockSkewAllowance(Duration clockSkewAllowance) {
            this.clockSkewAllowance = clockSkewAllowance;
            return this;
        }

        public Builder maxObservationAge(Duration maxObservationAge) {
            this.maxObservationAge = maxObservationAge;
            return this;
        }

        public Builder minConfidence(double minConfidence) {
            this.minConfidence = minConfidence;
            return this;
        }

        public Builder latencyReferenceMillis(double latencyReferenceMillis) {
            this.latencyReferenceMillis = latencyReferenceMillis;
            return this;
        }

        public Builder heartbeatLoadPenalty(double heartbeatLoadPenalty) {
            this.heartbeatLoadPenalty = heartbeatLoadPenalty;
            return this;
        }

        public Builder staleGatewayScoresZero(boolean staleGatewayScoresZero) {
            this.staleGatewayScoresZero = staleGatewayScoresZero;
            return this;
        }

        public Builder eventLogCapacity(int eventLogCapacity) {
            this.eventLogCapacity = eventLogCapacity;
            return this;
        }

        public ScoreConfig build() {
            return new ScoreConfig(this);
        }
    }
}
