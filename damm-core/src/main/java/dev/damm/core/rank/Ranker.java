package dev.damm.core.rank;

import dev.damm.core.score.PathKey;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.provider.ProviderId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Orders paths by score into top-K lists per scope, keeping them diverse.
 *
 * <p>Selection is greedy in rank order (score descending, then path key ascending, so equal
 * scores always rank the same way whatever the input order). A candidate is skipped while its
 * provider or transport tier is at its cap, or when the remaining slots are needed to reach the
 * policy's minimum number of distinct providers. If the list is still short, skipped candidates
 * fill it in rank order, first those that break no cap, then the rest; each broken rule is
 * reported in {@link Ranking#relaxations()}, never hidden.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ranker {
    /** Rank order: score descending, then path key ascending. */
    public static final Comparator<RankCandidate> ORDER = (a, b) -> {
        int c = Double.compare(b.score(), a.score());
        return c != 0 ? c : a.path().compareTo(b.path());
    };

    private final RankingPolicy policy;

    public Ranker(RankingPolicy policy) {
        this.policy = Require.nonNull("policy", policy);
    }

    public RankingPolicy policy() {
        return policy;
    }

    /** Ranks every candidate into one list for {@code scope}; candidates' regions are not checked. */
    public Ranking rank(RankingScope scope, Collection<RankCandidate> candidates) {
        Require.nonNull("scope", scope);
        Require.elements("candidates", candidates, Integer.MAX_VALUE);
        List<RankCandidate> sorted = new ArrayList<>(candidates);
        requireUniquePaths(sorted);
        return rankUnique(scope, sorted);
    }

    /** Groups candidates by region and ranks each group for access tier {@code tierId}, regions in order. */
    public SortedMap<RegionCode, Ranking> rankByRegion(String tierId, Collection<RankCandidate> candidates) {
        Require.elements("candidates", candidates, Integer.MAX_VALUE);
        Map<RegionCode, List<RankCandidate>> byRegion = new HashMap<>();
        for (RankCandidate c : candidates) {
            byRegion.computeIfAbsent(c.region(), r -> new ArrayList<>()).add(c);
        }
        SortedMap<RegionCode, Ranking> out = new TreeMap<>();
        for (Map.Entry<RegionCode, List<RankCandidate>> e : byRegion.entrySet()) {
            requireUniquePaths(e.getValue());
            out.put(e.getKey(), rankUnique(new RankingScope(e.getKey(), tierId), e.getValue()));
        }
        return out;
    }

    private static void requireUniquePaths(List<RankCandidate> candidates) {
        Set<PathKey> seen = new HashSet<>(candidates.size() * 2);
        for (RankCandidate c : candidates) {
            if (!seen.add(c.path())) {
                throw DammException.invalid("candidates", "path " + c.path() + " is offered twice");
            }
        }
    }

    /** Sorts {@code sorted} in place and selects from it. */
    private Ranking rankUnique(RankingScope scope, List<RankCandidate> sorted) {
        sorted.sort(ORDER);
        int n = Math.min(policy.topK(), sorted.size());
        int providerCap = policy.cap(policy.maxProviderShare(), n);
        int transportCap = policy.cap(policy.maxTransportShare(), n);
        Set<ProviderId> offeredProviders = new HashSet<>();
        for (RankCandidate c : sorted) {
            offeredProviders.add(c.providerId());
        }
        int needDistinct = Math.min(policy.minDistinctProviders(), offeredProviders.size());

        Selection sel = new Selection(n);
        List<RankCandidate> deferred = new ArrayList<>();
        for (RankCandidate c : sorted) {
            if (sel.size() == n) {
                break;
            }
            if (sel.providerCount(c) >= providerCap || sel.transportCount(c) >= transportCap) {
                deferred.add(c);
                continue;
            }
            int missing = needDistinct - sel.distinctProviders();
            if (missing > 0 && n - sel.size() <= missing && sel.providerCount(c) > 0) {
                deferred.add(c); // keep the last slots for providers not yet listed
                continue;
            }
            sel.add(c);
        }
        EnumSet<DiversityRelaxation> relaxed = EnumSet.noneOf(DiversityRelaxation.class);
        if (sel.size() < n) {
            List<RankCandidate> still = new ArrayList<>();
            for (RankCandidate c : deferred) {
                if (sel.size() < n && sel.providerCount(c) < providerCap && sel.transportCount(c) < transportCap) {
                    sel.add(c);
                } else {
                    still.add(c);
                }
            }
            for (RankCandidate c : still) {
                if (sel.size() == n) {
                    break;
                }
                if (sel.providerCount(c) >= providerCap) {
                    relaxed.add(DiversityRelaxation.PROVIDER_SHARE);
                }
                if (sel.transportCount(c) >= transportCap) {
                    relaxed.add(DiversityRelaxation.TRANSPORT_SHARE);
                }
                sel.add(c);
            }
        }
        if (sel.distinctProviders() < policy.minDistinctProviders()) {
            relaxed.add(DiversityRelaxation.DISTINCT_PROVIDERS);
        }
        List<RankCandidate> chosen = sel.chosen;
        chosen.sort(ORDER);
        List<RankedPath> entries = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            RankCandidate c = chosen.get(i);
            entries.add(new RankedPath(i + 1, c.path(), c.providerId(), c.transport(), c.score()));
        }
        return new Ranking(scope, entries, sorted.size(), relaxed);
    }

    /** The paths chosen so far and how many each provider and tier holds. */
    private static final class Selection {
        final List<RankCandidate> chosen;
        final Map<ProviderId, Integer> perProvider = new HashMap<>();
        final int[] perTransport = new int[TransportTier.values().length];

        Selection(int n) {
            chosen = new ArrayList<>(n);
        }

        int size() {
            return chosen.size();
        }

        int providerCount(RankCandidate c) {
            return perProvider.getOrDefault(c.providerId(), 0);
        }

        int transportCount(RankCandidate c) {
            return perTransport[c.transport().ordinal()];
        }

        int distinctProviders() {
            return perProvider.size();
        }

        void add(RankCandidate c) {
            chosen.add(c);
            perProvider.merge(c.providerId(), 1, Integer::sum);
            perTransport[c.transport().ordinal()]++;
        }
    }
}
