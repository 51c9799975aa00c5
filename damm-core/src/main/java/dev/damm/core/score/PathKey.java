package dev.damm.core.score;

/**
 * Identifies one scored path: the gateway a client enters, the front door it dials and the
 * egress pool its traffic leaves through.
 *
 * <p>Each id is 1 to 64 characters of {@code [A-Za-z0-9._:-]}. Keys order lexicographically by
 * gateway, then front door, then egress pool; rankings use that order to break score ties.
 */
public record PathKey(String gatewayId, String frontDoorId, String egressPoolId) implements Comparable<PathKey> {
    public PathKey {
        Ids.require("path.gatewayId", gatewayId);
        Ids.require("path.frontDoorId", frontDoorId);
        Ids.require("path.egressPoolId", egressPoolId);
    }

    public static PathKey of(String gatewayId, String frontDoorId, String egressPoolId) {
        return new PathKey(gatewayId, frontDoorId, egressPoolId);
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
        return gatewayId.equals(k.gatewayId) && frontDoorId.equals(k.frontDoorId) && egressPoolId.equals(k.egressPoolId);
    }

    @Override
    public int hashCode() {
        return (31 * gatewayId.hashCode() + frontDoorId.hashCode()) * 31 + egressPoolId.hashCode();
    }

    /** Returns {@code gateway/frontDoor/egressPool}. */
    @Override
    public String toString() {
        return gatewayId + "/" + frontDoorId + "/" + egressPoolId;
    }
}
