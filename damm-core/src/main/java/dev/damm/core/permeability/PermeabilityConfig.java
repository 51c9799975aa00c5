package dev.damm.core.permeability;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;

/**
 * Tuning of the {@link PermeabilityModel}: how evidence ages, how much is needed, and the
 * thresholds that classify slices.
 *
 * <p>Defaults: evidence half-life 30 min, evidence older than 6 h ignored, 5 min clock skew
 * allowed; 20 decayed samples give confidence 0.5; incidents need confidence 0.5 to exist and
 * 0.7 to drive placement (below that they only ask to investigate); a slice fails below 30 %
 * handshake success and works from 80 %; 5 % loss is elevated; a provider is out when it fails
 * from 75 % of at least 2 zones; stability below 0.6 is intermittent; at most 200,000
 * observations are held.
 */
public final class PermeabilityConfig {
    private final Duration evidenceHalfLife;
    private final Duration maxEvidenceAge;
    private final Duration clockSkewAllowance;
    private final double samplesForHalfConfidence;
    private final double minIncidentConfidence;
    private final double actionConfidence;
    private final double failingBelow;
    private final double workingAbove;
    private final double stableAbove;
    private final double elevatedLossPct;
    private final double outageZoneShare;
    private final int minZonesForOutage;
    private final int maxObservations;

    private PermeabilityConfig(Builder b) {
        this.evidenceHalfLife = duration("evidenceHalfLife", b.evidenceHalfLife, Duration.ofMinutes(1), Duration.ofDays(7));
        this.maxEvidenceAge = duration("maxEvidenceAge", b.maxEvidenceAge, Duration.ofMinutes(1), Duration.ofDays(30));
        this.clockSkewAllowance = duration("clockSkewAllowance", b.clockSkewAllowance, Duration.ZERO, Duration.ofHours(1));
        this.samplesForHalfConfidence = Require.range("samplesForHalfConfidence", b.samplesForHalfConfidence, 0.001, 1_000_000.0);
        this.minIncidentConfidence = Require.range("minIncidentConfidence", b.minIncidentConfidence, 0.0, 1.0);
        this.actionConfidence = Require.range("actionConfidence", b.actionConfidence, 0.0, 1.0);
        if (actionConfidence < minIncidentConfidence) {
            throw DammException.invalid("actionConfidence", "must not be below minIncidentConfidence ("
                    + minIncidentConfidence + "), was " + actionConfidence);
        }
        this.failingBelow = Require.range("failingBelow", b.failingBelow, 0.0, 1.0);
        this.workingAbove = Require.range("workingAbove", b.workingAbove, 0.0, 1.0);
        if (workingAbove <= failingBelow) {
            throw DammException.invalid("workingAbove", "must be above failingBelow (" + failingBelow + "), was " + workingAbove);
        }
        this.stableAbove = Require.range("stableAbove", b.stableAbove, 0.0, 1.0);
        this.elevatedLossPct = Require.range("elevatedLossPct", b.elevatedLossPct, 0.0, 100.0);
        this.outageZoneShare = Require.range("outageZoneShare", b.outageZoneShare, 0.01, 1.0);
        this.minZonesForOutage = Require.range("minZonesForOutage", b.minZonesForOutage, 2, 100_000);
        this.maxObservations = Require.range("maxObservations", b.maxObservations, 1, 10_000_000);
    }

    private static Duration duration(String field, Duration d, Duration min, Duration max) {
        Require.nonNull(field, d);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw DammException.invalid(field, "must be between " + min + " and " + max + ", was " + d);
        }
        return d;
    }

    public static PermeabilityConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Age at which an observation's weight has halved. */
    public Duration evidenceHalfLife() {
        return evidenceHalfLife;
    }

    /** Age beyond which an observation is no evidence at all. */
    public Duration maxEvidenceAge() {
        return maxEvidenceAge;
    }

    /** How far in the future an observation may be dated. */
    public Duration clockSkewAllowance() {
        return clockSkewAllowance;
    }

    /** Decayed sample count that gives confidence 0.5; confidence is w / (w + this). */
    public double samplesForHalfConfidence() {
        return samplesForHalfConfidence;
    }

    /** Incidents below this confidence are not reported. */
    public double minIncidentConfidence() {
        return minIncidentConfidence;
    }

    /** Incidents below this confidence only produce {@code investigate} recommendations. */
    public double actionConfidence() {
        return actionConfidence;
    }

    /** A slice whose decayed handshake success is below this is failing. */
    public double failingBelow() {
        return failingBelow;
    }

    /** A slice whose decayed handshake success is at least this is working. */
    public double workingAbove() {
        return workingAbove;
    }

    /** A slice whose stability is below this is intermittent. */
    public double stableAbove() {
        return stableAbove;
    }

    /** Packet loss, in percent, at which a working slice counts as lossy. */
    public double elevatedLossPct() {
        return elevatedLossPct;
    }

    /** Share of observing zones that must fail a provider for a provider outage. */
    public double outageZoneShare() {
        return outageZoneShare;
    }

    /** Zones that must observe a provider before it can be judged out. */
    public int minZonesForOutage() {
        return minZonesForOutage;
    }

    /** Observations held; the oldest arrivals are dropped beyond it. */
    public int maxObservations() {
        return maxObservations;
    }

    /** Confidence carried by a decayed sample weight. */
    double confidence(double weight) {
        return weight <= 0 ? 0.0 : weight / (weight + samplesForHalfConfidence);
    }

    /** Builds a {@link PermeabilityConfig}; starts from the documented defaults. */
    public static final class Builder {
        private Duration evidenceHalfLife = Duration.ofMinutes(30);
        private Duration maxEvidenceAge = Duration.ofHours(6);
        private Duration clockSkewAllowance = Duration.ofMinutes(5);
        private double samplesForHalfConfidence = 20;
        private double minIncidentConfidence = 0.5;
        private double actionConfidence = 0.7;
        private double failingBelow = 0.3;
        private double workingAbove = 0.8;
        private double stableAbove = 0.6;
        private double elevatedLossPct = 5;
        private double outageZoneShare = 0.75;
        private int minZonesForOutage = 2;
        private int maxObservations = 200_000;

        private Builder() {}

        public Builder evidenceHalfLife(Duration v) {
            this.evidenceHalfLife = v;
            return this;
        }

        public Builder maxEvidenceAge(Duration v) {
            this.maxEvidenceAge = v;
            return this;
        }

        public Builder clockSkewAllowance(Duration v) {
            this.clockSkewAllowance = v;
            return this;
        }

        public Builder samplesForHalfConfidence(double v) {
            this.samplesForHalfConfidence = v;
            return this;
        }

        public Builder minIncidentConfidence(double v) {
            this.minIncidentConfidence = v;
            return this;
        }

        public Builder actionConfidence(double v) {
            this.actionConfidence = v;
            return this;
        }

        public Builder failingBelow(double v) {
            this.failingBelow = v;
            return this;
        }

        public Builder workingAbove(double v) {
            this.workingAbove = v;
            return this;
        }

        public Builder stableAbove(double v) {
            this.stableAbove = v;
            return this;
        }

        public Builder elevatedLossPct(double v) {
            this.elevatedLossPct = v;
            return this;
        }

        public Builder outageZoneShare(double v) {
            this.outageZoneShare = v;
            return this;
        }

        public Builder minZonesForOutage(int v) {
            this.minZonesForOutage = v;
            return this;
        }

        public Builder maxObservations(int v) {
            this.maxObservations = v;
            return this;
        }

        public PermeabilityConfig build() {
            return new PermeabilityConfig(this);
        }
    }
}
