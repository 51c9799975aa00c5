package dev.damm.core.score;

import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.GatewayId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of scores and threshold states that placement and catalog building depend on.
 *
 * <p>Implementations are thread-safe and never block on I/O. An empty score means "no data yet",
 * which callers must not read as 0 or 1. Unknown ids are answered, not thrown: no score, no
 * state, not in catalog, not usable.
 */
public interface ScoreSource {
    /** The composite score of a path, or empty when the path is unknown or has no data yet. */
    Optional<Score> pathScore(PathKey path);

    /**
     * The scores of many paths at one instant; paths that are unknown or have no data are left
     * out. Implementations may override this to read them all at once.
     */
    default Map<PathKey, Score> pathScores(Collection<PathKey> paths) {
        Map<PathKey, Score> out = new HashMap<>();
        for (PathKey p : paths) {
            pathScore(p).ifPresent(s -> out.put(p, s));
        }
        return out;
    }

    /** The aggregate score over every path through a gateway, heartbeats included. */
    Optional<Score> gatewayScore(GatewayId gatewayId);

    /** The aggregate score over every path through a front door. */
    Optional<Score> frontDoorScore(FrontDoorId frontDoorId);

    /** The aggregate score over every path leaving through an egress pool. */
    Optional<Score> egressPoolScore(EgressPoolId egressPoolId);

    /**
     * Whether the score would have the catalog list a front door as {@link FrontDoorState#ACTIVE}
     * or {@link FrontDoorState#DEMOTED} (never {@link FrontDoorState#INACTIVE}, which only an
     * operator sets); empty when unknown.
     */
    Optional<FrontDoorState> frontDoorState(FrontDoorId frontDoorId);

    /** Whether a gateway belongs in the next catalog; false when unknown or dropped. */
    boolean isGatewayInCatalog(GatewayId gatewayId);

    /** Whether placement may use an egress pool; false when unknown or skipped. */
    boolean isEgressPoolUsable(EgressPoolId egressPoolId);
}
