package dev.damm.core.score;

/** How the catalog should list a front door. */
public enum FrontDoorState {
    /** Listed at its normal priority. */
    ACTIVE,
    /** Listed as a failover target behind the active ones. */
    DEMOTED;

    static FrontDoorState of(SubjectState state) {
        return state.inService() ? ACTIVE : DEMOTED;
    }
}
