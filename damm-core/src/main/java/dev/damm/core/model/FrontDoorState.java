package dev.damm.core.model;

/** Whether a front door is offered first, offered as a failover target, or withdrawn. */
public enum FrontDoorState {
    ACTIVE,
    /** Degraded: still published, ranked after active doors, so clients can fail over to it. */
    DEMOTED,
    /** Withdrawn by an operator: never published. */
    INACTIVE
}
