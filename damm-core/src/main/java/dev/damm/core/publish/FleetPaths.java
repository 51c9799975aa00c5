package dev.damm.core.publish;

import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.PathKey;
import dev.damm.core.score.ScoreBook;
import dev.damm.core.store.StoreTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths the fleet offers: every published front door of every active or draining gateway,
 * combined with every enabled main egress pool of the gateway's region. This is what the score
 * book tracks and what catalogs rank.
 */
public final class FleetPaths {
    private FleetPaths() {}

    public static List<PathDescriptor> of(List<Gateway> gateways, List<EgressPool> pools) {
        List<PathDescriptor> out = new ArrayList<>();
        for (Gateway g : gateways) {
            if (g.status() != GatewayStatus.ACTIVE && g.status() != GatewayStatus.DRAINING) {
                continue;
            }
            for (FrontDoor fd : g.frontDoors()) {
                if (!fd.isPublished()) {
                    continue;
                }
                for (EgressPool p : pools) {
                    if (p.enabled() && p.kind() == EgressKind.MAIN && p.region().equals(g.region())) {
                        out.add(new PathDescriptor(PathKey.of(g.id(), fd.id(), p.id()),
                                g.providerId(), g.region(), fd.transport()));
                    }
                }
            }
        }
        return out;
    }

    public static List<PathDescriptor> of(StoreTransaction tx) {
        return of(tx.gateways().list(), tx.egressPools().list());
    }

    /**
     * Brings the score book in line with the fleet: registers new paths and forgets paths whose
     * gateway, door or pool went away. Returns the fleet's paths.
     */
    public static List<PathDescriptor> sync(ScoreBook book, List<PathDescriptor> fleet) {
        Set<PathKey> wanted = new HashSet<>();
        for (PathDescriptor d : fleet) {
            wanted.add(d.key());
            PathDescriptor known = book.descriptor(d.key()).orElse(null);
            if (known != null && !known.equals(d)) {
                book.unregister(d.key()); // provider or transport changed: start that path afresh
            }
            book.register(d);
        }
        for (PathDescriptor d : book.paths()) {
            if (!wanted.contains(d.key())) {
                book.unregister(d.key());
            }
        }
        return fleet;
    }
}
