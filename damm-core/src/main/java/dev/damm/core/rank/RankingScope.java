package dev.damm.core.rank;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.util.regex.Pattern;

/**
 * What one catalog serves: a region and an access tier (e.g. {@code free}, {@code pro}). Two
 * clients with the same scope get the same ranking.
 */
public record RankingScope(RegionCode region, String tierId) implements Comparable<RankingScope> {
    private static final Pattern TIER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public RankingScope {
        Require.nonNull("region", region);
        Require.matches("tierId", tierId, TIER, 64, "1-64 characters of [A-Za-z0-9._:-]");
    }

    @Override
    public int compareTo(RankingScope o) {
        int c = region.compareTo(o.region);
        return c != 0 ? c : tierId.compareTo(o.tierId);
    }

    @Override
    public String toString() {
        return region + "/" + tierId;
    }
}
