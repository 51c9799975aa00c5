package dev.damm.core.model;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * Whether a front door is offered first, offered as a failover target, or withdrawn. The one
 * state a door has: the store keeps it, the score's verdict maps onto it, and the catalog lists
 * a door as {@link #ACTIVE} or {@link #DEMOTED} (an {@link #INACTIVE} door is never published).
 */
public enum FrontDoorState {
    /** Dial it in priority order. */
    ACTIVE("active"),
    /** Degraded: still published, ranked after active doors, so clients can fail over to it. */
    DEMOTED("demoted"),
    /** Withdrawn by an operator: never published. */
    INACTIVE("inactive");

    private final String code;

    FrontDoorState(String code) {
        this.code = code;
    }

    /** Returns the catalog's wire form, e.g. {@code demoted}. */
    public String code() {
        return code;
    }

    /** Parses the catalog's wire form: {@code active} or {@code demoted}. */
    public static FrontDoorState fromCode(String code) {
        if (ACTIVE.code.equals(code)) {
            return ACTIVE;
        }
        if (DEMOTED.code.equals(code)) {
            return DEMOTED;
        }
        throw DammException.invalid("frontDoor.state", "must be active or demoted, was '" + Require.printable(code) + "'");
    }
}
