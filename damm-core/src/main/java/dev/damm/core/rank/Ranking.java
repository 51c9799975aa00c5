package dev.damm.core.rank;

import dev.damm.spi.Require;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered top-K paths of one scope, best first, and the diversity rules that had to be
 * relaxed to fill it (empty when the policy held).
 *
 * @param scope the region and tier the ranking serves
 * @param entries ranked paths, score descending, ties by path key
 * @param candidates how many candidates were offered
 * @param relaxations diversity rules broken to fill the list
 */
public record Ranking(RankingScope scope, List<RankedPath> entries, int candidates, Set<DiversityRelaxation> relaxations) {
    public Ranking {
        Require.nonNull("scope", scope);
        entries = List.copyOf(Require.nonNull("entries", entries));
        Require.range("candidates", candidates, 0, Integer.MAX_VALUE);
        Require.elements("relaxations", relaxations, DiversityRelaxation.values().length);
        // An EnumSet keeps a stable iteration order; Set.copyOf would not.
        relaxations = relaxations.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(relaxations));
    }

    /** Whether any diversity rule was relaxed. */
    public boolean diversityRelaxed() {
        return !relaxations.isEmpty();
    }
}
