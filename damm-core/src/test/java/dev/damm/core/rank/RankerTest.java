package dev.damm.core.rank;

import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.score.HandshakeAttempt;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.PathKey;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.score.ScoreBook;
import dev.damm.spi.DammException;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RankerTest {
    private static final RegionCode EU = RegionCode.of("eu-central");
    private static final RegionCode US = RegionCode.of("us-east");
    private static final RankingScope SCOPE = new RankingScope(EU, "pro");

    private static RankCandidate c(String id, String provider, TransportTier tier, double score) {
        return new RankCandidate(PathKey.of("gw-" + id, "fd-" + id, "pool-1"), ProviderId.of(provider), EU, tier, score);
    }

    private static List<String> gateways(Ranking r) {
        return r.entries().stream().map(e -> e.path().gatewayId().value()).collect(Collectors.toList());
    }

    @Test
    void ordersByScoreAndKeepsTheTopK() {
        Ranker ranker = new Ranker(new RankingPolicy(3, 1.0, 1.0, 1));
        Ranking r = ranker.rank(SCOPE, List.of(
                c("a", "p1", TransportTier.T0, 0.2), c("b", "p1", TransportTier.T0, 0.9),
                c("c", "p1", TransportTier.T0, 0.5), c("d", "p1", TransportTier.T0, 0.7)));
        assertEquals(List.of("gw-b", "gw-d", "gw-c"), gateways(r));
        assertEquals(List.of(1, 2, 3), r.entries().stream().map(RankedPath::rank).collect(Collectors.toList()));
        assertEquals(4, r.candidates());
        assertFalse(r.diversityRelaxed());
    }

    @Test
    void equalScoresRankByPathKey() {
        Ranker ranker = new Ranker(new RankingPolicy(4, 1.0, 1.0, 1));
        List<RankCandidate> in = new ArrayList<>(List.of(
                c("d", "p1", TransportTier.T0, 0.5), c("b", "p1", TransportTier.T0, 0.5),
                c("a", "p1", TransportTier.T0, 0.5), c("c", "p1", TransportTier.T0, 0.5)));
        assertEquals(List.of("gw-a", "gw-b", "gw-c", "gw-d"), gateways(ranker.rank(SCOPE, in)));
        Collections.reverse(in);
        assertEquals(List.of("gw-a", "gw-b", "gw-c", "gw-d"), gateways(ranker.rank(SCOPE, in)));
    }

    @Test
    void noProviderExceedsItsShareWhenOthersAreAvailable() {
        Ranker ranker = new Ranker(new RankingPolicy(4, 0.5, 1.0, 1));
        List<RankCandidate> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            in.add(c("big" + i, "bigcloud", TransportTier.T0, 0.99 - i * 0.01));
        }
        in.add(c("s1", "small", TransportTier.T0, 0.30));
        in.add(c("s2", "small", TransportTier.T0, 0.20));
        Ranking r = ranker.rank(SCOPE, in);
        assertEquals(List.of("gw-big0", "gw-big1", "gw-s1", "gw-s2"), gateways(r));
        assertFalse(r.diversityRelaxed());
    }

    @Test
    void noTransportTierExceedsItsShareWhenOthersAreAvailable() {
        Ranker ranker = new Ranker(new RankingPolicy(4, 1.0, 0.5, 1));
        Ranking r = ranker.rank(SCOPE, List.of(
                c("a", "p1", TransportTier.T0, 0.9), c("b", "p1", TransportTier.T0, 0.8),
                c("c", "p1", TransportTier.T0, 0.7), c("d", "p1", TransportTier.T3, 0.2),
                c("e", "p1", TransportTier.T4, 0.1)));
        assertEquals(List.of("gw-a", "gw-b", "gw-d", "gw-e"), gateways(r));
    }

    @Test
    void theLastSlotsAreKeptForTheMinimumNumberOfProviders() {
        Ranker ranker = new Ranker(new RankingPolicy(4, 1.0, 1.0, 3));
        Ranking r = ranker.rank(SCOPE, List.of(
                c("a", "p1", TransportTier.T0, 0.9), c("b", "p1", TransportTier.T0, 0.8),
                c("c", "p1", TransportTier.T0, 0.7), c("d", "p1", TransportTier.T0, 0.6),
                c("e", "p2", TransportTier.T0, 0.2), c("f", "p3", TransportTier.T0, 0.1)));
        assertEquals(List.of("gw-a", "gw-b", "gw-e", "gw-f"), gateways(r));
        assertFalse(r.diversityRelaxed());
    }

    @Test
    void whenCandidatesCannotBeDiverseTheListIsFilledAndTheRelaxationReported() {
        Ranker ranker = new Ranker(new RankingPolicy(4, 0.5, 0.5, 2));
        Ranking r = ranker.rank(SCOPE, List.of(
                c("a", "only", TransportTier.T0, 0.9), c("b", "only", TransportTier.T0, 0.8),
                c("c", "only", TransportTier.T0, 0.7)));
        assertEquals(List.of("gw-a", "gw-b", "gw-c"), gateways(r));
        assertTrue(r.diversityRelaxed());
        assertEquals(Set.of(DiversityRelaxation.PROVIDER_SHARE, DiversityRelaxation.TRANSPORT_SHARE,
                DiversityRelaxation.DISTINCT_PROVIDERS), r.relaxations());
    }

    @Test
    void anEmptyCandidateListGivesAnEmptyRanking() {
        Ranking r = new Ranker(RankingPolicy.DEFAULT).rank(SCOPE, List.of());
        assertTrue(r.entries().isEmpty());
        assertEquals(0, r.candidates());
        assertTrue(r.relaxations().contains(DiversityRelaxation.DISTINCT_PROVIDERS));
    }

    @Test
    void aPathOfferedTwiceIsRejected() {
        RankCandidate a = c("a", "p1", TransportTier.T0, 0.9);
        DammException e = assertThrows(DammException.class,
                () -> new Ranker(RankingPolicy.DEFAULT).rank(SCOPE, List.of(a, a)));
        assertTrue(e.getMessage().startsWith("candidates:"));
    }

    @Test
    void policyRejectsImpossibleValues() {
        assertThrows(DammException.class, () -> new RankingPolicy(0, 0.5, 0.5, 1));
        assertThrows(DammException.class, () -> new RankingPolicy(4, 0.0, 0.5, 1));
        assertThrows(DammException.class, () -> new RankingPolicy(4, 0.5, 1.5, 1));
        assertThrows(DammException.class, () -> new RankingPolicy(4, 0.5, 0.5, 5));
    }

    @Test
    void rankingByRegionGivesEachRegionItsOwnList() {
        List<RankCandidate> in = List.of(
                new RankCandidate(PathKey.of("g1", "f1", "p"), ProviderId.of("aa"), EU, TransportTier.T0, 0.5),
                new RankCandidate(PathKey.of("g2", "f2", "p"), ProviderId.of("bb"), US, TransportTier.T0, 0.7),
                new RankCandidate(PathKey.of("g3", "f3", "p"), ProviderId.of("cc"), EU, TransportTier.T0, 0.9));
        SortedMap<RegionCode, Ranking> byRegion = new Ranker(RankingPolicy.DEFAULT).rankByRegion("free", in);
        assertEquals(List.of(EU, US), new ArrayList<>(byRegion.keySet()));
        assertEquals(List.of("g3", "g1"), gateways(byRegion.get(EU)));
        assertEquals(new RankingScope(US, "free"), byRegion.get(US).scope());
    }

    @Test
    void candidatesFromAScoreSourceLeaveOutPathsWithoutDataOrOutOfService() {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        ScoreBook book = ScoreBook.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        PathDescriptor good = new PathDescriptor(PathKey.of("g1", "f1", "p1"), ProviderId.of("aa"), EU, TransportTier.T0);
        PathDescriptor silent = new PathDescriptor(PathKey.of("g2", "f2", "p1"), ProviderId.of("bb"), EU, TransportTier.T0);
        PathDescriptor dropped = new PathDescriptor(PathKey.of("g3", "f3", "p1"), ProviderId.of("cc"), EU, TransportTier.T0);
        for (PathDescriptor d : List.of(good, silent, dropped)) {
            book.register(d);
        }
        for (int i = 0; i < 5; i++) {
            book.ingest(ProbeResult.ok(good.key(), now, 20));
            book.ingest(new HandshakeAttempt(dropped.key(), now, false));
        }
        book.evaluate();
        List<RankCandidate> candidates = RankCandidates.from(book, List.of(good, silent, dropped));
        assertEquals(List.of(good.key()), candidates.stream().map(RankCandidate::path).collect(Collectors.toList()));
    }
}
