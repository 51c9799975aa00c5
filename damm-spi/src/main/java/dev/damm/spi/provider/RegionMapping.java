package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps DAMM regions to a provider's own region or location names, e.g. {@code eu-central} to
 * Hetzner's {@code fsn1}. A DAMM region the provider cannot serve has no entry.
 *
 * @param regions DAMM region to the provider's name for it; provider names are unique
 */
public record RegionMapping(Map<RegionCode, String> regions) {

    public RegionMapping {
        Require.nonNull("regionMapping", regions);
        Map<String, RegionCode> reverse = new HashMap<>();
        for (Map.Entry<RegionCode, String> e : regions.entrySet()) {
            Require.nonNull("regionMapping", e.getKey());
            Require.text("regionMapping[" + e.getKey() + "]", e.getValue(), 64);
            RegionCode other = reverse.put(e.getValue(), e.getKey());
            if (other != null) {
                throw DammException.invalid("regionMapping", "provider region '" + Require.printable(e.getValue())
                        + "' is mapped from both " + other + " and " + e.getKey());
            }
        }
        regions = Map.copyOf(regions);
    }

    /** A mapping with no regions, for providers that are not regional. */
    public static RegionMapping none() {
        return new RegionMapping(Map.of());
    }

    /** The provider's name for {@code region}, if the provider serves it. */
    public Optional<String> toProvider(RegionCode region) {
        return Optional.ofNullable(regions.get(Require.nonNull("region", region)));
    }

    /** The DAMM region for a provider region name, if mapped. */
    public Optional<RegionCode> toDamm(String providerRegion) {
        Require.nonNull("providerRegion", providerRegion);
        for (Map.Entry<RegionCode, String> e : regions.entrySet()) {
            if (e.getValue().equals(providerRegion)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The DAMM regions the provider serves. */
    public Set<RegionCode> supported() {
        return regions.keySet();
    }
}
