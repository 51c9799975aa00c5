package dev.damm.core.placement;

import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;

/**
 * What placement asks the score model. Implementations must be thread-safe and fast (called on
 * every placement); an unknown id answers neutrally, not with an error, because a new gateway has
 * no history yet.
 */
public interface PlacementSignals {

    /** Score in [0, 1] for a gateway; {@code 1.0} when there is no data yet. */
    double gatewayScore(GatewayId gateway);

    /** False when the score model dropped the gateway from the catalog. */
    boolean gatewayUsable(GatewayId gateway);

    /** False when the score model demoted the front door. */
    boolean frontDoorActive(FrontDoorId frontDoor);

    /** Score in [0, 1] for an egress pool; {@code 1.0} when there is no data yet. */
    double egressScore(EgressPoolId pool);

    /** False when the score model says placement should skip the pool. */
    boolean egressUsable(EgressPoolId pool);

    /** Signals that know nothing: every gateway, door and pool is usable with score 1. */
    PlacementSignals NEUTRAL = new PlacementSignals() {
        @Override public double gatewayScore(GatewayId gateway) { return 1.0; }
        @Override public boolean gatewayUsable(GatewayId gateway) { return true; }
        @Override public boolean frontDoorActive(FrontDoorId frontDoor) { return true; }
        @Override public double egressScore(EgressPoolId pool) { return 1.0; }
        @Override public boolean egressUsable(EgressPoolId pool) { return true; }
    };
}
