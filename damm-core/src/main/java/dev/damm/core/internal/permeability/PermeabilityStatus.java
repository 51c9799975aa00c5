package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The judgment of one zone-to-ingress slice. Written in JSON as its lower_snake name. */
public enum PermeabilityStatus {
    /** Handshakes succeed and are stable. */
    OPEN,
    /** Reachable but with reduced success or elevated loss. */
    DEGRADED,
    /** Success swings between observations. */
    INTERMITTENT,
    /** Covered by a selective or mobile-only interference incident. */
    SELECTIVELY_INTERFERED,
    /** Handshakes (almost) never succeed. */
    EFFECTIVELY_BLOCKED;

    /** The JSON name, e.g. {@code open}. */
    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    /** Parses a JSON name. */
    @JsonCreator
    public static PermeabilityStatus fromWire(String wire) {
        return WireEnum.parse(PermeabilityStatus.class, "status", wire);
    }
}
