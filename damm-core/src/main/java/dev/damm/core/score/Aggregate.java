package dev.damm.core.score;
import dev.damm.core.internal.score.HalfLife;

import java.util.Arrays;

/**
 * One front door, gateway, egress pool, provider or transport tier: the paths through it, its
 * threshold state machine and, for gateways, heartbeat liveness.
 *
 * <p>Its estimators are the sums of its paths' estimators, added up when it is read rather than
 * updated on every ingest (forward-decayed sums are additive), plus its own sums: the heartbeats
 * of a gateway and what paths that have left contributed while they were registered, which decay
 * away like any other observation.
 */
final class Aggregate extends DecayedStats {
    private static final PathEntry[] NO_PATHS = {};

    final SubjectKind kind;
    final String id;
    /** For a front door: the gateway it belongs to. For a gateway: itself. Otherwise null. */
    final Aggregate gateway;
    /** Null for kinds without thresholds. */
    final SubjectMachine machine;
    /** Registered paths through this aggregate, in {@code members[0..paths)}; it is removed at 0. */
    int paths;
    PathEntry[] members = NO_PATHS;
    // Heartbeat liveness, used on gateways only.
    long lastHeartbeatAt = Long.MIN_VALUE;
    double load;
    double heartbeatMass;

    Aggregate(SubjectKind kind, String id, long landmark, Aggregate gatewayOfFrontDoor, long createdAt) {
        super(landmark);
        this.kind = kind;
        this.id = id;
        this.gateway = kind == SubjectKind.GATEWAY ? this : gatewayOfFrontDoor;
        this.machine = kind.hasThresholds() ? new SubjectMachine(kind, id, createdAt) : null;
    }

    void join(PathEntry e) {
        if (paths == members.length) {
            members = Arrays.copyOf(members, Math.max(4, paths + (paths >> 1)));
        }
        members[paths++] = e;
    }

    /** Removes a member path; returns true when it was the last one. */
    boolean leave(PathEntry e) {
        for (int i = 0; i < paths; i++) {
            if (members[i] == e) {
                members[i] = members[--paths];
                members[paths] = null;
                break;
            }
        }
        return paths == 0;
    }

    @Override
    void rescaleTo(long newLandmark, HalfLife decay) {
        heartbeatMass *= decay.factor(newLandmark - landmark);
        super.rescaleTo(newLandmark, decay);
    }

    void heartbeat(long at, double w, double load) {
        seen(at, w);
        heartbeatMass += w;
        if (at >= lastHeartbeatAt) {
            lastHeartbeatAt = at;
            this.load = load;
        }
    }
}
