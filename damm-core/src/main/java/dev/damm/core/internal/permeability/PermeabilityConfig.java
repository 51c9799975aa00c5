package dev.damm.core.internal.permeability;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;

/**
 * Tuning of the {@link PermeabilityModel}: how evidence ages, how much is needed, the
 * thresholds that classify slices and grade incidents, and how recommendations are ranked. Every
 * number the analysis decides with is here; the rest of it are definitions (a percentage is out
 * of 100, stability is 1 − 2 × the deviation) and output limits.
 *
 * <p>Defaults: evidence half-life 30 min, evidence older than 6 h ignored, 5 min clock skew
 * allowed; 20 decayed samples give confidence 0.5; incidents need confidence 0.5 to exist and
 * 0.7 to drive placement (below that they only ask to investigate); a slice fails below 30 %
 * handshake success and works from 80 %; 5 % loss is elevated and 3 times that is high; a
 * provider is out when it fails from 75 % of at least 2 zones, critically when every one of at
 * least 3 fails; stability below 0.6 is intermittent; resets in 20 % of the weight are notable
 * and make blocking critical; tampered DNS in half the weight is high; blocking no other zone
 * confirms keeps half its confidence; a hold ranks at half its priority, each backing zone beyond
 * the first adds 5, egress ranks 10 below the ingress that asks for it and needs 2 zones; at
 * most 200,000 observations are held.
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
    private final int criticalOutageZones;
    private final double notableResetShare;
    private final double highLossFactor;
    private final double highDnsShare;
    private final double unconfirmedBlockingConfidence;
    private final double holdPriorityFactor;
    private final int backingZoneBoost;
    private final int egressPriorityDrop;
    private final int minZonesForEgress;
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
        this.criticalOutageZones = Require.range("criticalOutageZones", b.criticalOutageZones, 1, 100_000);
        this.notableResetShare = Require.range("notableResetShare", b.notableResetShare, 0.0, 1.0);
        this.highLossFactor = Require.range("highLossFactor", b.highLossFactor, 1.0, 100.0);
        this.highDnsShare = Require.range("highDnsShare", b.highDnsShare, 0.0, 1.0);
        this.unconfirmedBlockingConfidence = Require.range("unconfirmedBlockingConfidence",
                b.unconfirmedBlockingConfidence, 0.0, 1.0);
        this.holdPriorityFactor = Require.range("holdPriorityFactor", b.holdPriorityFactor, 0.0, 1.0);
        this.backingZoneBoost = Require.range("backingZoneBoost", b.backingZoneBoost, 0, 100);
        this.egressPriorityDrop = Require.range("egressPriorityDrop", b.egressPriorityDrop, 0, 100);
        this.minZonesForEgress = Require.range("minZonesForEgress", b.minZonesForEgress, 1, 100_000);
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

    /**
     * Zones that must fail every front door of a provider, all of its observing zones failing,
     * for its outage to be critical rather than high.
     */
    public int criticalOutageZones() {
        return criticalOutageZones;
    }

    /**
     * Share of a failure's weight that saw connection resets from which the resets are named in
     * its summary and make selective blocking critical: a reset is the network acting, not a
     * path merely failing.
     */
    public double notableResetShare() {
        return notableResetShare;
    }

    /** Multiple of {@link #elevatedLossPct()} from which packet loss is a high-severity incident. */
    public double highLossFactor() {
        return highLossFactor;
    }

    /** Share of a zone's weight flagged with tampered DNS from which DNS tampering is high severity. */
    public double highDnsShare() {
        return highDnsShare;
    }

    /**
     * Share of its confidence selective blocking keeps when no other zone reaches the failing
     * front doors (blocking and a broken front door then look alike); it rises linearly to all of
     * it as other zones reach all of them.
     */
    public double unconfirmedBlockingConfidence() {
        return unconfirmedBlockingConfidence;
    }

    /** Factor on the priority of a {@code hold} (rounded down): it asks for no change, so actions come first. */
    public double holdPriorityFactor() {
        return holdPriorityFactor;
    }

    /** Priority a recommendation gains per backing zone beyond the first. */
    public int backingZoneBoost() {
        return backingZoneBoost;
    }

    /** How far below the strongest ingress recommendation into a region its egress recommendation ranks. */
    public int egressPriorityDrop() {
        return egressPriorityDrop;
    }

    /** Zones whose ingress recommendations must point at one region before egress is asked for there. */
    public int minZonesForEgress() {
        return minZonesForEgress;
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
        private int criticalOutageZones = 3;
        private double notableResetShare = 0.2;
        private double highLossFactor = 3;
        private double highDnsShare = 0.5;
        private double unconfirmedBlockingConfidence = 0.5;
        private double holdPriorityFactor = 0.5;
        private int backingZoneBoost = 5;
        private int egressPriorityDrop = 10;
        private int minZonesForEgress = 2;
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

        public Builder criticalOutageZones(int v) {
            this.criticalOutageZones = v;
            return this;
        }

        public Builder notableResetShare(double v) {
            this.notableResetShare = v;
            return this;
        }

        public Builder highLossFactor(double v) {
            this.highLossFactor = v;
            return this;
        }

        public Builder highDnsShare(double v) {
            this.highDnsShare = v;
            return this;
        }

        public Builder unconfirmedBlockingConfidence(double v) {
            this.unconfirmedBlockingConfidence = v;
            return this;
        }

        public Builder holdPriorityFactor(double v) {
            this.holdPriorityFactor = v;
            return this;
        }

        public Builder backingZoneBoost(int v) {
            this.backingZoneBoost = v;
            return this;
        }

        public Builder egressPriorityDrop(int v) {
            this.egressPriorityDrop = v;
            return this;
        }

        public Builder minZonesForEgress(int v) {
            this.minZonesForEgress = v;
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
