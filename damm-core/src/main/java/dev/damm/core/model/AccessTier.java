package dev.damm.core.model;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy bundle devices enroll under: where they may connect and exit, how many may be
 * active at once, and how many bytes each may move.
 *
 * @param allowedRegions regions placement may use; never empty
 * @param allowedExitCountries exit countries a device may ask for; never empty
 * @param sessionLimit maximum number of active devices in this tier
 * @param byteLimit byte quota per device (rx + tx); 0 means unlimited
 * @param active false once retired: no new enrollments
 * @param quarantineRules flows that go to the quarantined egress pool
 */
public record AccessTier(AccessTierId id, String name, Set<RegionCode> allowedRegions, Set<CountryCode> allowedExitCountries,
        int sessionLimit, long byteLimit, boolean active, SubstitutionPolicy substitution, List<EgressRule> quarantineRules) {

    public AccessTier {
        Require.nonNull("accessTier.id", id);
        Require.text("accessTier.name", name, 128);
        Require.elements("accessTier.allowedRegions", allowedRegions, 256);
        if (allowedRegions.isEmpty()) {
            throw DammException.invalid("accessTier.allowedRegions", "must name at least one region");
        }
        allowedRegions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(allowedRegions));
        Require.elements("accessTier.allowedExitCountries", allowedExitCountries, 256);
        if (allowedExitCountries.isEmpty()) {
            throw DammException.invalid("accessTier.allowedExitCountries", "must name at least one country");
        }
        allowedExitCountries = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(allowedExitCountries));
        Require.range("accessTier.sessionLimit", sessionLimit, 1, 100_000_000);
        Require.nonNegative("accessTier.byteLimit", byteLimit);
        Require.nonNull("accessTier.substitution", substitution);
        quarantineRules = List.copyOf(Require.elements("accessTier.quarantineRules", quarantineRules, 1024));
    }

    public boolean hasByteLimit() {
        return byteLimit > 0;
    }
}
