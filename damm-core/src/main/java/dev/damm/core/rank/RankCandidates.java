package dev.damm.core.rank;

import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.Score;
import dev.damm.core.score.ScoreSource;
import dev.damm.spi.Require;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
        List<RankCandidate> out = new ArrayList<>(paths.size());
        for (PathDescriptor d : paths) {
            if (!scores.isGatewayInCatalog(d.key().gatewayId()) || !scores.isEgressPoolUsable(d.key().egressPoolId())) {
                continue;
            }
            Optional<Score> s = scores.pathScore(d.key());
            s.ifPresent(score -> out.add(RankCandidate.of(d, score)));
        }
        return out;
    }
}
