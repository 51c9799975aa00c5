package dev.damm.core.internal.placement;
import dev.damm.core.placement.PlacementSignals;
import dev.damm.core.placement.Placement;

import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.score.Score;
import dev.damm.core.score.ScoreSource;
import dev.damm.spi.Require;

/**
 * Placement's view of the score model. "No data yet" is neutral, not bad: a gateway the score
 * model has not seen (just registered, no probes yet) is usable with score 1, because refusing
 * it would mean new capacity could never earn a score. Once the model has a state for a
 * subject, that state decides.
 */
public final class ScoreSignals implements PlacementSignals {
    private final ScoreSource scores;

    public ScoreSignals(ScoreSource scores) {
        this.scores = Require.nonNull("scores", scores);
    }

    @Override
    public double gatewayScore(GatewayId gateway) {
        return scores.gatewayScore(gateway).map(Score::value).orElse(1.0);
    }

    @Override
    public boolean gatewayUsable(GatewayId gateway) {
        return scores.gatewayScore(gateway).isEmpty() || scores.isGatewayInCatalog(gateway);
    }

    @Override
    public boolean frontDoorActive(FrontDoorId frontDoor) {
        return scores.frontDoorState(frontDoor).map(s -> s == FrontDoorState.ACTIVE).orElse(true);
    }

    @Override
    public double egressScore(EgressPoolId pool) {
        return scores.egressPoolScore(pool).map(Score::value).orElse(1.0);
    }

    @Override
    public boolean egressUsable(EgressPoolId pool) {
        return scores.egressPoolScore(pool).isEmpty() || scores.isEgressPoolUsable(pool);
    }
}
