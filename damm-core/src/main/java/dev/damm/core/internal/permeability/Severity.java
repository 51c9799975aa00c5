package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How much an incident hurts users in its zone, from the size of the failure. Written in JSON as its lower_snake name. */
public enum Severity {
    /** Noticeable; no action needed yet. */
    LOW,
    /** Degrades service for some users. */
    MEDIUM,
    /** Breaks service for a provider or a slice of users. */
    HIGH,
    /** Breaks service for a whole zone or provider. */
    CRITICAL;

    /** Relative weight used in recommendation priorities: 0.25, 0.5, 0.75, 1. */
    public double weight() {
        return (ordinal() + 1) / 4.0;
    }

    /** The JSON name, e.g. {@code low}. */
    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    /** Parses a JSON name. */
    @JsonCreator
    public static Severity fromWire(String wire) {
        return WireEnum.parse(Severity.class, "severity", wire);
    }
}
