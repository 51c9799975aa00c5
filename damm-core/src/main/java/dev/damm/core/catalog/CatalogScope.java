package dev.damm.core.catalog;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.core.model.AccessTierId;

/**
 * Whom a catalog is for: a region and an access tier. Two clients with the same scope get the
 * same catalog; a client refuses a catalog signed for another scope.
 *
 * @param region the region, e.g. {@code eu-central}
 * @param accessTier the access tier id: 2-32 lower-case letters, digits and inner hyphens
 */
public record CatalogScope(RegionCode region, String accessTier) {
    public CatalogScope {
        Require.nonNull("scope.region", region);
        Require.matches("scope.accessTier", accessTier, AccessTierId.SHAPE, 32, AccessTierId.SHAPE_TEXT);
    }

    /** Shorthand for {@code new CatalogScope(RegionCode.of(region), accessTier)}. */
    public static CatalogScope of(String region, String accessTier) {
        return new CatalogScope(RegionCode.of(region), accessTier);
    }

    /** Returns {@code region/accessTier}, the key a trust store files the last serial under. */
    public String key() {
        return region.value() + "/" + accessTier;
    }

    @Override
    public String toString() {
        return key();
    }
}
