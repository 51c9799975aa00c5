package dev.damm.core.catalog;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One path a client may take: the provider components it is made of, its score, the gateway's
 * WireGuard public key, the country traffic exits in, and the front doors that reach it.
 *
 * @param pathId unique within the catalog: a letter or digit, then letters, digits and {@code . _ : -}, up to
 *     {@value #MAX_PATH_ID} characters
 * @param composition 1 to {@value #MAX_COMPONENTS} components, at most one per role (a path has one
 *     ingress, one egress and at most one CDN front); kept in the order traffic takes (cdn front,
 *     ingress, egress) whatever order they are given in
 * @param score 0.0 (worst) to 1.0 (best); clients rank by it before their own measurements
 * @param gatewayKey the gateway's WireGuard public key
 * @param exitCountry where traffic leaves for the internet
 * @param frontDoors 1 to {@value #MAX_FRONT_DOORS} front doors with distinct ids
 * @param recoveryFrom empty for a path of the catalog's own region; for a recovery entry, the other
 *     region the path is in. A client dials a recovery entry only after every entry of its own
 *     region failed, so losing a region does not strand its clients; a catalog carries at most
 *     {@value Catalog#MAX_RECOVERY_ENTRIES} of them and none from its own region.
 */
public record CatalogEntry(String pathId, List<PathComponent> composition, double score, WireGuardKey gatewayKey,
                           CountryCode exitCountry, List<FrontDoor> frontDoors, Optional<RegionCode> recoveryFrom) {
    /** Most components one path may have: one per {@link ComponentRole}. */
    public static final int MAX_COMPONENTS = 3;
    /** Most front doors one path may have. */
    public static final int MAX_FRONT_DOORS = 16;

    /**
     * Longest path id: room for {@code <gateway id>:<egress pool id>}, the id the publisher writes,
     * with both ids at their longest.
     */
    public static final int MAX_PATH_ID = 129;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,128}");

    /** An entry for a path of the catalog's own region. */
    public CatalogEntry(String pathId, List<PathComponent> composition, double score, WireGuardKey gatewayKey,
                        CountryCode exitCountry, List<FrontDoor> frontDoors) {
        this(pathId, composition, score, gatewayKey, exitCountry, frontDoors, Optional.empty());
    }

    public CatalogEntry {
        Require.matches("entry.pathId", pathId, ID, MAX_PATH_ID, "a letter or digit, then letters, digits and . _ : -");
        Require.nonNull("entry.recoveryFrom", recoveryFrom);
        Require.elements("entry.composition", composition, MAX_COMPONENTS);
        if (composition.isEmpty()) {
            throw DammException.invalid("entry.composition", "must have at least one component");
        }
        // The wire form is an object keyed by role, so a role appears once and the order is the role order.
        PathComponent[] byRole = new PathComponent[ComponentRole.values().length];
        for (PathComponent c : composition) {
            Require.nonNull("entry.composition", c);
            if (byRole[c.role().ordinal()] != null) {
                throw DammException.invalid("entry.composition", "role " + c.role().code() + " appears twice in path " + pathId);
            }
            byRole[c.role().ordinal()] = c;
        }
        List<PathComponent> ordered = new ArrayList<>(composition.size());
        for (PathComponent c : byRole) {
            if (c != null) {
                ordered.add(c);
            }
        }
        composition = List.copyOf(ordered);
        Require.range("entry.score", score, 0.0, 1.0);
        Require.nonNull("entry.gatewayKey", gatewayKey);
        Require.nonNull("entry.exitCountry", exitCountry);
        frontDoors = List.copyOf(Require.elements("entry.frontDoors", frontDoors, MAX_FRONT_DOORS));
        if (frontDoors.isEmpty()) {
            throw DammException.invalid("entry.frontDoors", "must have at least one front door");
        }
        Set<String> ids = new HashSet<>();
        for (FrontDoor f : frontDoors) {
            if (!ids.add(f.id())) {
                throw DammException.invalid("entry.frontDoors", "front door id '" + f.id() + "' appears twice in path " + pathId);
            }
        }
    }

    /** Whether this is a recovery entry from another region. */
    public boolean isRecovery() {
        return recoveryFrom.isPresent();
    }

    /** This entry marked as a recovery entry from {@code region}, the region its path is in. */
    public CatalogEntry asRecoveryFrom(RegionCode region) {
        Require.nonNull("region", region);
        return new CatalogEntry(pathId, composition, score, gatewayKey, exitCountry, frontDoors, Optional.of(region));
    }
}
