package dev.damm.core.placement;

import dev.damm.core.model.AccessTier;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.util.Optional;

/**
 * What placement needs to know about one device: its tier's policy and its hints.
 *
 * @param quarantineSession route the whole session through the quarantined egress pool
 */
public record PlacementRequest(AccessTier tier, Optional<RegionCode> region, Optional<CountryCode> exitCountry, boolean quarantineSession) {
    public PlacementRequest {
        Require.nonNull("tier", tier);
        Require.nonNull("region", region);
        Require.nonNull("exitCountry", exitCountry);
    }
}
