package dev.damm.core.rank;

import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.PathKey;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.score.Score;
import dev.damm.core.score.ScoreSource;
import dev.damm.spi.Require;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/** Turns registered paths and their scores into ranking candidates. */
public final class RankCandidates {
    private RankCandidates() {}

    /**
     * Candidates for every path that has a score, whose gateway is in the catalog and whose egress
     * pool is usable. Paths without data are left out rather than ranked as 0 or 1; paths behind
     * a demoted front door stay in, ranked by their (lower) score, as failover targets.
     */
    public static List<RankCandidate> from(ScoreSource scores, Collection<PathDescriptor> paths) {
        Require.nonNull("scores", scores);
        Require.elements("paths", paths, Integer.MAX_VALUE);
        List<PathKey> keys = new ArrayList<>(paths.size());
        paths.forEach(d -> keys.add(d.key()));
        Map<PathKey, Score> scored = scores.pathScores(keys);
        // Many paths share a gateway or pool: ask about each once.
        Map<GatewayId, Boolean> gatewayIn = new HashMap<>();
        Map<EgressPoolId, Boolean> poolUsable = new HashMap<>();
        List<RankCandidate> out = new ArrayList<>(scored.size());
        for (PathDescriptor d : paths) {
            Score s = scored.get(d.key());
            if (s == null
                    || !gatewayIn.computeIfAbsent(d.key().gatewayId(), scores::isGatewayInCatalog)
                    || !poolUsable.computeIfAbsent(d.key().egressPoolId(), scores::isEgressPoolUsable)) {
                continue;
            }
            out.add(RankCandidate.of(d, s));
        }
        return out;
    }
}
