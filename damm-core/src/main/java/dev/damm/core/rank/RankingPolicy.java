package dev.damm.core.rank;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * How many paths a ranking keeps and how diverse they must be.
 *
 * <p>Shares are fractions of the list: with {@code topK} 16 and {@code maxProviderShare} 0.5 no
 * provider holds more than 8 entries. A cap is {@code max(1, floor(share × n))} where n is the
 * list length actually filled ({@code min(topK, candidates)}).
 *
 * @param topK the most paths a ranking holds, 1..1024
 * @param maxProviderShare the largest share of the list one provider may hold, in (0, 1]
 * @param maxTransportShare the largest share one transport tier may hold, in (0, 1]
 * @param minDistinctProviders providers the list must include when that many are offered, 1..topK
 */
public record RankingPolicy(int topK, double maxProviderShare, double maxTransportShare, int minDistinctProviders) {
    /** Top 16, no provider above half, no tier above three quarters, at least two providers. */
    public static final RankingPolicy DEFAULT = new RankingPolicy(16, 0.5, 0.75, 2);

    public RankingPolicy {
        Require.range("topK", topK, 1, 1024);
        share("maxProviderShare", maxProviderShare);
        share("maxTransportShare", maxTransportShare);
        Require.range("minDistinctProviders", minDistinctProviders, 1, topK);
    }

    private static void share(String field, double v) {
        Require.range(field, v, 0.0, 1.0);
        if (v == 0.0) {
            throw DammException.invalid(field, "must be greater than 0");
        }
    }

    int cap(double share, int n) {
        return Math.max(1, (int) Math.floor(share * n + 1e-9));
    }
}
