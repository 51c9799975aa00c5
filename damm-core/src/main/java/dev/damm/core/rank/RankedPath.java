package dev.damm.core.rank;

import dev.damm.core.score.PathKey;
import dev.damm.spi.Require;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.provider.ProviderId;

/** One entry of a {@link Ranking}: its 1-based position and the path it holds. */
public record RankedPath(int rank, PathKey path, ProviderId providerId, TransportTier transport, double score) {
    public RankedPath {
        Require.range("rank", rank, 1, Integer.MAX_VALUE);
        Require.nonNull("path", path);
        Require.nonNull("providerId", providerId);
        Require.nonNull("transport", transport);
        Require.range("score", score, 0.0, 1.0);
    }
}
