package dev.damm.core.score;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.transport.TransportTier;

/**
 * Describes a path to the {@link ScoreBook}: its key plus the provider, region and transport
 * tier whose aggregates its observations also feed.
 *
 * <p>A path is registered before its observations arrive; the front door's provider and tier
 * are the ones the client meets on the public internet.
 */
public record PathDescriptor(PathKey key, ProviderId providerId, RegionCode region, TransportTier transport) {
    public PathDescriptor {
        Require.nonNull("path", key);
        Require.nonNull("providerId", providerId);
        Require.nonNull("region", region);
        Require.nonNull("transport", transport);
    }
}
