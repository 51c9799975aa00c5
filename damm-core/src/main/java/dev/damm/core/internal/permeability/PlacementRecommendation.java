package dev.damm.core.internal.permeability;

import dev.damm.spi.Require;
import java.util.List;

/**
 * One action the permeability model proposes, with the zones whose evidence backs it.
 *
 * @param type what to do
 * @param target what to do it to; one string in JSON, see {@link RecommendationTarget}
 * @param reason one sentence naming the evidence
 * @param priority 0..100, higher first: 100 × severity weight × confidence (halved for
 *     {@code hold}, which asks for no change), plus 5 per backing zone beyond the first; evidence
 *     too weak to act on only yields {@code investigate}
 * @param backingZoneIds zones whose observations back it, sorted
 */
public record PlacementRecommendation(RecommendationType type, RecommendationTarget target, String reason, int priority,
                                      List<String> backingZoneIds) {
    public PlacementRecommendation {
        Require.nonNull("type", type);
        Require.nonNull("target", target);
        Require.text("reason", reason, 1000);
        Require.range("priority", priority, 0, 100);
        backingZoneIds = Ids.requireAll("backingZoneIds", backingZoneIds);
    }
}
