package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of access network a zone measures from. Written in JSON as its lower_snake name. */
public enum NetworkType {
    /** Fixed broadband or fibre. */
    FIXED,
    /** Cellular carriers. */
    MOBILE,
    /** Satellite links. */
    SATELLITE,
    /** A cohort spanning several access kinds. */
    MIXED;

    /** The JSON name, e.g. {@code fixed}. */
    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    /** Parses a JSON name. */
    @JsonCreator
    public static NetworkType fromWire(String wire) {
        return WireEnum.parse(NetworkType.class, "networkType", wire);
    }
}
