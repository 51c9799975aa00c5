package dev.damm.core.score;

/**
 * The estimators of every path through one front door, gateway, egress pool, provider or
 * transport tier, plus its threshold state machine and, for gateways, heartbeat liveness.
 */
final class Aggregate extends DecayedStats {
    final SubjectKind kind;
    final String id;
    /** For a front door: the gateway it belongs to. For a gateway: itself. Otherwise null. */
    final Aggregate gateway;
    /** Null for kinds without thresholds. */
    final SubjectMachine machine;
    /** Registered paths that reference this aggregate; it is removed at 0. */
    int paths;
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

    @Override
    void rescaleTo(long newLandmark, double lambdaPerMilli, double halfLifeMillis) {
        heartbeatMass *= Math.exp(-(newLandmark - landmark) * lambdaPerMilli);
        super.rescaleTo(newLandmark, lambdaPerMilli, halfLifeMillis);
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
