package dev.damm.core.client;

import dev.damm.core.enroll.PeerMaterial;
import dev.damm.core.model.FrontDoorId;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Client-side failover over the peer material a device holds: the next front door to dial after
 * the ones that failed, without asking the control plane. This class covers the enrollment-time
 * alternates; {@link CatalogFailover} goes on through a cached signed catalog, recovery entries last.
 */
public final class FrontDoorFailover {
    private FrontDoorFailover() {}

    /**
     * Returns the first door (primary, then alternates in order) not in {@code failed}.
     *
     * @throws DammException {@link ErrorCode#NO_ALTERNATE_FRONT_DOOR} when every door has failed
     */
    public static PeerMaterial.Alternate next(PeerMaterial peer, Set<FrontDoorId> failed) {
        Require.nonNull("peer", peer);
        Require.nonNull("failed", failed);
        List<PeerMaterial.Alternate> order = new ArrayList<>();
        order.add(new PeerMaterial.Alternate(peer.gatewayPublicKey(), peer.frontDoor()));
        order.addAll(peer.alternates());
        for (PeerMaterial.Alternate a : order) {
            if (!failed.contains(a.frontDoor().id())) {
                return a;
            }
        }
        throw new DammException(ErrorCode.NO_ALTERNATE_FRONT_DOOR,
                "frontDoor: all " + order.size() + " known front doors failed; fetch a fresh signed catalog");
    }
}
