package dev.damm.core.internal.permeability;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.time.Instant;

/**
 * A direct measurement from one network zone to one ingress option (a front door), summarising
 * {@code sampleCount} attempts.
 *
 * @param zoneId the zone measured from
 * @param provider the ingress provider
 * @param ingressRegion the ingress region
 * @param gatewayId the gateway behind the front door
 * @param frontdoorId the front door dialled
 * @param observedAt when the measurement ended
 * @param handshakeSuccessRate share of handshakes that completed, 0..1
 * @param medianRttMs median RTT of completed attempts, ≥ 0 (0 when none completed)
 * @param p95RttMs 95th percentile RTT, ≥ the median
 * @param packetLossPct packet loss in percent, 0..100
 * @param sampleCount attempts summarised, ≥ 1
 * @param dnsTamperingObserved whether tampered DNS answers were seen (optional, false when absent)
 * @param resetObserved whether connections were reset by the network (optional, false when absent)
 * @param notes free text, empty when absent
 */
public record PathObservation(
        String zoneId,
        String provider,
        RegionCode ingressRegion,
        String gatewayId,
        String frontdoorId,
        Instant observedAt,
        double handshakeSuccessRate,
        double medianRttMs,
        double p95RttMs,
        double packetLossPct,
        int sampleCount,
        boolean dnsTamperingObserved,
        boolean resetObserved,
        String notes) {
    /** RTTs beyond ten minutes are broken measurements. */
    static final double MAX_RTT_MS = 600_000;

    public PathObservation {
        Ids.require("zoneId", zoneId);
        Ids.require("provider", provider);
        Require.nonNull("ingressRegion", ingressRegion);
        Ids.require("gatewayId", gatewayId);
        Ids.require("frontdoorId", frontdoorId);
        Require.nonNull("observedAt", observedAt);
        Require.range("handshakeSuccessRate", handshakeSuccessRate, 0.0, 1.0);
        Require.range("medianRttMs", medianRttMs, 0.0, MAX_RTT_MS);
        Require.range("p95RttMs", p95RttMs, 0.0, MAX_RTT_MS);
        if (p95RttMs < medianRttMs) {
            throw DammException.invalid("p95RttMs", "must not be below medianRttMs (" + medianRttMs + "), was " + p95RttMs);
        }
        Require.range("packetLossPct", packetLossPct, 0.0, 100.0);
        Require.range("sampleCount", sampleCount, 1, 1_000_000);
        notes = notes == null ? "" : Ids.notes("notes", notes, 1000);
    }

    /** An observation without the optional fields. */
    public static PathObservation of(String zoneId, String provider, RegionCode ingressRegion, String gatewayId,
                                     String frontdoorId, Instant observedAt, double handshakeSuccessRate,
                                     double medianRttMs, double p95RttMs, double packetLossPct, int sampleCount) {
        return new PathObservation(zoneId, provider, ingressRegion, gatewayId, frontdoorId, observedAt,
                handshakeSuccessRate, medianRttMs, p95RttMs, packetLossPct, sampleCount, false, false, "");
    }
}
