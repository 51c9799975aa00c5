package dev.damm.core.score;

/** What an aggregate score or a threshold state describes. */
public enum SubjectKind {
    /** A front door; when benched it is demoted, staying in the catalog as a failover target. */
    FRONT_DOOR(true),
    /** A gateway; when benched it is dropped from the catalog. */
    GATEWAY(true),
    /** An egress pool; when benched placement skips it. */
    EGRESS_POOL(true),
    /** A provider; scored for diversity and operators, no thresholds. */
    PROVIDER(false),
    /** A transport tier (T0..T4) by its name; scored, no thresholds. */
    TRANSPORT(false);

    private final boolean hasThresholds;

    SubjectKind(boolean hasThresholds) {
        this.hasThresholds = hasThresholds;
    }

    /** Whether subjects of this kind move through {@link SubjectState}s. */
    public boolean hasThresholds() {
        return hasThresholds;
    }
}
