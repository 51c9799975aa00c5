package dev.damm.core.catalog;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/** Whether a front door is a first choice or kept as a failover target. */
public enum FrontDoorState {
    /** Dial it in priority order. */
    ACTIVE("active"),
    /** Its score dropped: kept, not removed, as the failover target if the active ones fail. */
    DEMOTED("demoted");

    private final String code;

    FrontDoorState(String code) {
        this.code = code;
    }

    /** Returns the wire form, e.g. {@code demoted}. */
    public String code() {
        return code;
    }

    /** Parses the wire form. */
    public static FrontDoorState fromCode(String code) {
        for (FrontDoorState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw DammException.invalid("frontDoor.state", "must be active or demoted, was '" + Require.printable(code) + "'");
    }
}
