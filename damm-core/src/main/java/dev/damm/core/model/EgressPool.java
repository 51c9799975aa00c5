package dev.damm.core.model;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An outbound identity surface: the IPs traffic leaves through, separate from ingress so a
 * burned exit does not take an entrance with it.
 *
 * @param load current utilisation in [0, 1]
 * @param headroom spare capacity in [0, 1]; placement prefers more headroom
 * @param enabled false when an operator withdrew it
 */
public record EgressPool(EgressPoolId id, ProviderId providerId, RegionCode region, EgressKind kind,
        Set<CountryCode> exitCountries, List<IpNetwork> ipInventory, double load, double headroom, boolean enabled) {

    public EgressPool {
        Require.nonNull("egressPool.id", id);
        Require.nonNull("egressPool.providerId", providerId);
        Require.nonNull("egressPool.region", region);
        Require.nonNull("egressPool.kind", kind);
        Require.elements("egressPool.exitCountries", exitCountries, 64);
        if (exitCountries.isEmpty()) {
            throw DammException.invalid("egressPool.exitCountries", "must name at least one country");
        }
        exitCountries = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(exitCountries));
        ipInventory = List.copyOf(Require.elements("egressPool.ipInventory", ipInventory, 4096));
        Require.range("egressPool.load", load, 0.0, 1.0);
        Require.range("egressPool.headroom", headroom, 0.0, 1.0);
    }

    public boolean servesExit(CountryCode country) {
        return exitCountries.contains(country);
    }

    public EgressPool withLoad(double newLoad, double newHeadroom) {
        return new EgressPool(id, providerId, region, kind, exitCountries, ipInventory, newLoad, newHeadroom, enabled);
    }
}
