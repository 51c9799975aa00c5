package dev.damm.core.rank;

import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.score.PathKey;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RankerPropertiesTest {
    private static final RegionCode EU = RegionCode.of("eu-central");
    private static final RankingScope SCOPE = new RankingScope(EU, "pro");

    @Provide
    Arbitrary<List<RankCandidate>> candidates() {
        // Few distinct scores, so ties are common.
        Arbitrary<Double> score = Arbitraries.of(0.0, 0.25, 0.5, 0.5, 0.75, 1.0);
        Arbitrary<RankCandidate> one = Combinators.combine(
                Arbitraries.integers().between(0, 40),
                Arbitraries.of("p1", "p2", "p3", "p4"),
                Arbitraries.of(TransportTier.class),
                score)
                .as((id, provider, tier, s) -> new RankCandidate(
                        PathKey.of("gw-" + id, "fd-" + id, "pool-" + (id % 3)), ProviderId.of(provider), EU, tier, s));
        return one.list().ofMaxSize(60).map(list -> {
            Map<PathKey, RankCandidate> unique = new LinkedHashMap<>();
            list.forEach(c -> unique.putIfAbsent(c.path(), c));
            return new ArrayList<>(unique.values());
        });
    }

    @Provide
    Arbitrary<RankingPolicy> policies() {
        return Arbitraries.integers().between(1, 20).flatMap(k -> Combinators.combine(
                Arbitraries.doubles().between(0.05, 1.0),
                Arbitraries.doubles().between(0.05, 1.0),
                Arbitraries.integers().between(1, k))
                .as((ps, ts, d) -> new RankingPolicy(k, ps, ts, d)));
    }

    @Property(tries = 300)
    void rankingIsStableForEqualScoresWhateverTheInputOrder(
            @ForAll("candidates") List<RankCandidate> in, @ForAll("policies") RankingPolicy policy,
            @ForAll long shuffleSeed) {
        Ranker ranker = new Ranker(policy);
        Ranking first = ranker.rank(SCOPE, in);
        List<RankCandidate> shuffled = new ArrayList<>(in);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        assertEquals(first, ranker.rank(SCOPE, shuffled));
        List<RankedPath> e = first.entries();
        for (int i = 1; i < e.size(); i++) {
            double prev = e.get(i - 1).score();
            double cur = e.get(i).score();
            assertTrue(prev > cur || (prev == cur && e.get(i - 1).path().compareTo(e.get(i).path()) < 0),
                    "entries out of order at " + i + ": " + e);
        }
    }

    @Property(tries = 300)
    void capsHoldUnlessTheRankingSaysTheyWereRelaxed(
            @ForAll("candidates") List<RankCandidate> in, @ForAll("policies") RankingPolicy policy) {
        Ranking r = new Ranker(policy).rank(SCOPE, in);
        int n = Math.min(policy.topK(), in.size());
        assertEquals(n, r.entries().size(), "the list is always filled when candidates allow");
        Map<String, Integer> perProvider = new HashMap<>();
        Map<TransportTier, Integer> perTier = new HashMap<>();
        r.entries().forEach(e -> {
            perProvider.merge(e.providerId().value(), 1, Integer::sum);
            perTier.merge(e.transport(), 1, Integer::sum);
        });
        int providerCap = policy.cap(policy.maxProviderShare(), n);
        int tierCap = policy.cap(policy.maxTransportShare(), n);
        if (!r.relaxations().contains(DiversityRelaxation.PROVIDER_SHARE)) {
            perProvider.values().forEach(v -> assertTrue(v <= providerCap, perProvider + " cap " + providerCap));
        }
        if (!r.relaxations().contains(DiversityRelaxation.TRANSPORT_SHARE)) {
            perTier.values().forEach(v -> assertTrue(v <= tierCap, perTier + " cap " + tierCap));
        }
        if (!r.relaxations().contains(DiversityRelaxation.DISTINCT_PROVIDERS)) {
            assertTrue(perProvider.size() >= policy.minDistinctProviders());
        }
    }

    @Property(tries = 200)
    void aHigherScoreNeverRanksBelowALowerOneOfTheSameProviderAndTier(
            @ForAll("candidates") List<RankCandidate> in, @ForAll @IntRange(min = 1, max = 20) int k) {
        // Without caps, the ranking is exactly the top-k in rank order.
        Ranking r = new Ranker(new RankingPolicy(k, 1.0, 1.0, 1)).rank(SCOPE, in);
        List<RankCandidate> sorted = new ArrayList<>(in);
        sorted.sort(Ranker.ORDER);
        List<PathKey> expected = new ArrayList<>();
        sorted.stream().limit(k).forEach(c -> expected.add(c.path()));
        List<PathKey> actual = new ArrayList<>();
        r.entries().forEach(e -> actual.add(e.path()));
        assertEquals(expected, actual);
    }
}
