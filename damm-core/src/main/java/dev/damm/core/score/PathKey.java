package dev.damm.core.score;

import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;
import dev.damm.spi.Require;

/**
 * Identifies one scored path: the gateway a client enters, the front door it dials and the
 * egress pool its traffic leaves through.
 *
 * <p>Keys order lexicographically by gateway, then front door, then egress pool; rankings use
 * that order to break score ties.
 */
public record PathKey(GatewayId gatewayId, FrontDoorId frontDoorId, EgressPoolId egressPoolId) implements Comparable<PathKey> {
    public PathKey {
        Require.nonNull("path.gatewayId", gatewayId);
        Require.nonNull("path.frontDoorId", frontDoorId);
        Require.nonNull("path.egressPoolId", egressPoolId);
    }

    public static PathKey of(GatewayId gatewayId, FrontDoorId frontDoorId, EgressPoolId egressPoolId) {
        return new PathKey(gatewayId, frontDoorId, egressPoolId);
    }

    /** A key from ids as text, each checked by its id type. */
    public static PathKey of(String gatewayId, String frontDoorId, String egressPoolId) {
        return new PathKey(GatewayId.of(gatewayId), FrontDoorId.of(frontDoorId), EgressPoolId.of(egressPoolId));
    }

    @Override
    public int compareTo(PathKey o) {
        int c = gatewayId.compareTo(o.gatewayId);
        if (c != 0) {
            return c;
        }
        c = frontDoorId.compareTo(o.frontDoorId);
        return c != 0 ? c : egressPoolId.compareTo(o.egressPoolId);
    }

    // Explicit, with an identity shortcut: the ingest path looks keys up millions of times a second.
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PathKey)) {
            return false;
        }
        PathKey k = (PathKey) o;
        return gatewayId.value().equals(k.gatewayId.value()) && frontDoorId.value().equals(k.frontDoorId.value())
                && egressPoolId.value().equals(k.egressPoolId.value());
    }

    @Override
    public int hashCode() {
        return (31 * gatewayId.value().hashCode() + frontDoorId.value().hashCode()) * 31 + egressPoolId.value().hashCode();
    }

    /** Returns {@code gateway/frontDoor/egressPool}. */
    @Override
    public String toString() {
        return gatewayId + "/" + frontDoorId + "/" + egressPoolId;
    }
}
