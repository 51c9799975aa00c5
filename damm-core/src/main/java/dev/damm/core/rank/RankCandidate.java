package dev.damm.core.rank;

import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.PathKey;
import dev.damm.core.score.Score;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.provider.ProviderId;

/** A path offered to the {@link Ranker}, with the score it is ranked by, in [0, 1]. */
public record RankCandidate(PathKey path, ProviderId providerId, RegionCode region, TransportTier transport, double score) {
    public RankCandidate {
        Require.nonNull("path", path);
        Require.nonNull("providerId", providerId);
        Require.nonNull("region", region);
        Require.nonNull("transport", transport);
        Require.range("score", score, 0.0, 1.0);
    }

    /** A candidate for a registered path and its current score. */
    public static RankCandidate of(PathDescriptor descriptor, Score score) {
        Require.nonNull("path", descriptor);
        Require.nonNull("score", score);
        return new RankCandidate(descriptor.key(), descriptor.providerId(), descriptor.region(),
                descriptor.transport(), score.value());
    }
}
