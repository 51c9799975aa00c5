package dev.damm.core.internal.permeability;

import java.time.Instant;
import java.util.TreeSet;

/** Decayed accumulation of the observations behind one slice, zone or zone-provider pair. */
final class Evidence {
    double weight;
    double rate;
    double rateSquared;
    /** Loss weighted by completed handshakes: loss on attempts that never connected says nothing. */
    double loss;
    double lossWeight;
    double dns;
    double reset;
    long samples;
    Instant first;
    Instant last;
    final TreeSet<String> providers = new TreeSet<>();
    final TreeSet<String> frontdoors = new TreeSet<>();

    void add(PathObservation o, double w) {
        weight += w;
        rate += w * o.handshakeSuccessRate();
        rateSquared += w * o.handshakeSuccessRate() * o.handshakeSuccessRate();
        loss += w * o.handshakeSuccessRate() * o.packetLossPct();
        lossWeight += w * o.handshakeSuccessRate();
        if (o.dnsTamperingObserved()) {
            dns += w;
        }
        if (o.resetObserved()) {
            reset += w;
        }
        samples += o.sampleCount();
        first = first == null || o.observedAt().isBefore(first) ? o.observedAt() : first;
        last = last == null || o.observedAt().isAfter(last) ? o.observedAt() : last;
        providers.add(o.provider());
        frontdoors.add(o.frontdoorId());
    }

    void addAll(Evidence e) {
        weight += e.weight;
        rate += e.rate;
        rateSquared += e.rateSquared;
        loss += e.loss;
        lossWeight += e.lossWeight;
        dns += e.dns;
        reset += e.reset;
        samples += e.samples;
        first = first == null || e.first.isBefore(first) ? e.first : first;
        last = last == null || e.last.isAfter(last) ? e.last : last;
        providers.addAll(e.providers);
        frontdoors.addAll(e.frontdoors);
    }

    /** Decayed handshake success rate. */
    double successRate() {
        return weight > 0 ? rate / weight : 0.0;
    }

    /** Decayed packet loss of the sessions that connected, percent; 0 when none did. */
    double lossPct() {
        return lossWeight > 0 ? loss / lossWeight : 0.0;
    }

    /** Weighted standard deviation of the handshake success rate. */
    double successDeviation() {
        if (!(weight > 0)) {
            return 0.0;
        }
        double mean = rate / weight;
        return StrictMath.sqrt(Math.max(0.0, rateSquared / weight - mean * mean));
    }

    double resetShare() {
        return weight > 0 ? reset / weight : 0.0;
    }
}
