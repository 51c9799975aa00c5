package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The normalised kind of an {@link InterferenceIncident}, derived from the pattern of failures. Written in JSON as its lower_snake name. */
public enum IncidentClass {
    /** Observations from the zone saw tampered DNS answers. */
    DNS_TAMPERING,
    /** The zone reaches ingress but loses packets beyond the threshold. */
    PACKET_LOSS,
    /** The zone fails to some providers' front doors while others work from it and other zones reach them. */
    SELECTIVE_INGRESS_BLOCKING,
    /** A provider fails from (nearly) every zone that can reach anything: the provider is down; not interference. */
    PROVIDER_OUTAGE,
    /** A mobile zone fails where fixed zones of the same country work. */
    MOBILE_ONLY_DISRUPTION,
    /** A zone fails to every provider it tried while other zones reach them. */
    REGIONAL_BLACKHOLE;

    /** The JSON name, e.g. {@code dns_tampering}. */
    @JsonValue
    public String wireName() {
        return WireEnum.name(this);
    }

    /** Parses a JSON name. */
    @JsonCreator
    public static IncidentClass fromWire(String wire) {
        return WireEnum.parse(IncidentClass.class, "class", wire);
    }
}
