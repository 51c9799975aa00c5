package dev.damm.spi.provider;

/** The life-cycle state of a node as the provider reports it, mapped to DAMM's terms. */
public enum NodeState {
    /** Ordered, not yet running. */
    PROVISIONING,
    /** Running and able to take traffic. */
    RUNNING,
    /** Running but taking no new clients: DAMM drained it. */
    DRAINING,
    /** Powered off or suspended; it still costs money at most providers. */
    STOPPED,
    /** Deleted or being deleted. */
    RETIRED,
    /** The provider reported a state DAMM does not know. */
    UNKNOWN
}
