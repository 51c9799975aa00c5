package dev.damm.core.client;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.util.List;
import java.util.Set;

/**
 * Client-side choice of the next front door from a catalog the device holds (verified earlier and
 * cached), without asking the control plane: the catalog's own region first, in rank order, active
 * doors before demoted ones; the recovery entries from other regions only once every door of the
 * own region has failed. A region outage thus leaves its clients a way out through the adjacent
 * region, and a client never leaves its region while a door there may still work.
 */
public final class CatalogFailover {
    private CatalogFailover() {}

    /** Where to dial next. */
    public sealed interface Choice permits InRegion, Recovery, Exhausted {}

    /** A door of the catalog's own region. */
    public record InRegion(CatalogEntry entry, FrontDoor door) implements Choice {
        public InRegion {
            Require.nonNull("entry", entry);
            Require.nonNull("door", door);
        }
    }

    /** A door of a recovery entry: every door of the own region has failed. */
    public record Recovery(CatalogEntry entry, FrontDoor door, RegionCode region) implements Choice {
        public Recovery {
            Require.nonNull("entry", entry);
            Require.nonNull("door", door);
            Require.nonNull("region", region);
        }
    }

    /** Every door the catalog lists has failed: fetch a fresh catalog. */
    public record Exhausted(int doorsTried) implements Choice {}

    /**
     * Returns the first door, in the order above, whose id is not in {@code failedDoors}. A door
     * that failed fails every entry listing it (two egress pools behind one gateway share its doors).
     */
    public static Choice next(Catalog catalog, Set<String> failedDoors) {
        Require.nonNull("catalog", catalog);
        Require.nonNull("failedDoors", failedDoors);
        Choice own = first(catalog.regionEntries(), failedDoors, false);
        if (own != null) {
            return own;
        }
        Choice recovery = first(catalog.recoveryEntries(), failedDoors, true);
        if (recovery != null) {
            return recovery;
        }
        int doors = 0;
        for (CatalogEntry e : catalog.entries()) {
            doors += e.frontDoors().size();
        }
        return new Exhausted(doors);
    }

    private static Choice first(List<CatalogEntry> entries, Set<String> failed, boolean recovery) {
        for (FrontDoorState wanted : List.of(FrontDoorState.ACTIVE, FrontDoorState.DEMOTED)) {
            for (CatalogEntry e : entries) {
                for (FrontDoor d : e.frontDoors()) {
                    if (d.state() == wanted && !failed.contains(d.id())) {
                        return recovery ? new Recovery(e, d, e.recoveryFrom().orElseThrow()) : new InRegion(e, d);
                    }
                }
            }
        }
        return null;
    }
}
