package dev.damm.core.internal.permeability;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;

/**
 * The current judgment of one zone-to-ingress slice: a zone reaching a provider in a region.
 *
 * @param zoneId the zone
 * @param provider the ingress provider
 * @param ingressRegion the ingress region
 * @param permeabilityScore decayed handshake success × (1 − loss), 0..1: how much gets through
 * @param stabilityScore 1 − 2 × the weighted standard deviation of handshake success, 0..1
 * @param replaceabilityScore the best permeability the zone has to another provider, 0..1:
 *     how easily clients could move off this slice
 * @param status the judgment
 * @param recommendedAction what to do about this slice
 * @param confidence 0..1, from the decayed sample count behind the slice
 * @param sampleCount raw attempts behind the slice inside the evidence window
 */
public record PermeabilityScore(
        String zoneId,
        String provider,
        RegionCode ingressRegion,
        double permeabilityScore,
        double stabilityScore,
        double replaceabilityScore,
        PermeabilityStatus status,
        RecommendationType recommendedAction,
        double confidence,
        long sampleCount) {
    public PermeabilityScore {
        Ids.require("zoneId", zoneId);
        Ids.require("provider", provider);
        Require.nonNull("ingressRegion", ingressRegion);
        Require.range("permeabilityScore", permeabilityScore, 0.0, 1.0);
        Require.range("stabilityScore", stabilityScore, 0.0, 1.0);
        Require.range("replaceabilityScore", replaceabilityScore, 0.0, 1.0);
        Require.nonNull("status", status);
        Require.nonNull("recommendedAction", recommendedAction);
        Require.range("confidence", confidence, 0.0, 1.0);
        Require.range("sampleCount", sampleCount, 0, Long.MAX_VALUE);
    }
}
