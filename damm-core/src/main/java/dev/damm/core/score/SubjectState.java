package dev.damm.core.score;

/**
 * Where a front door, gateway or egress pool stands with respect to its {@link Hysteresis}.
 * Subjects start {@link #ACTIVE}; a new subject earns its way out, not in.
 */
public enum SubjectState {
    /** In service: front door active, gateway in the catalog, egress pool usable. */
    ACTIVE(true),
    /** Score below the bad threshold, waiting out the bad dwell; still in service. */
    AT_RISK(true),
    /** Out of service: front door demoted, gateway dropped, egress pool skipped. */
    BENCHED(false),
    /** Score back at the restore threshold, waiting out the restore dwell; still out of service. */
    RECOVERING(false);

    private final boolean inService;

    SubjectState(boolean inService) {
        this.inService = inService;
    }

    /** Whether the subject is used: the front door is active, the gateway listed, the pool placeable. */
    public boolean inService() {
        return inService;
    }
}
