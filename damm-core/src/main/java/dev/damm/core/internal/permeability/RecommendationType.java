package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@link PlacementRecommendation} asks the operator or orchestrator to do. Written in JSON as its lower_snake name. */
public enum RecommendationType {
    /** Add ingress capacity at a provider-region pair that the affected zones reach. */
    ADD_INGRESS,
    /** Add egress where interference shifts exit demand. */
    ADD_EGRESS,
    /** Shift catalog weight away from a degraded slice. */
    REWEIGHT,
    /** Withdraw a front door that fails from every zone observing it. */
    WITHDRAW_FRONTDOOR,
    /** Change nothing; e.g. a provider outage the score loop already routes around. */
    HOLD,
    /** Look closer: the evidence is ambiguous or no placement can help. */
    INVESTIGATE;

    /** The JSON name, e.g. {@code add_ingress}. */
    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    /** Parses a JSON name. */
    @JsonCreator
    public static RecommendationType fromWire(String wire) {
        return WireEnum.parse(RecommendationType.class, "type", wire);
    }
}
