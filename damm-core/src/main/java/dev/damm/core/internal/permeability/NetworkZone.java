package dev.damm.core.internal.permeability;

import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;

/**
 * A slice of users from which reachability is evaluated: a country, region, ASN, carrier or
 * named cohort.
 *
 * @param id stable id, 1-64 characters of [A-Za-z0-9._:-]
 * @param label human name
 * @param country where the zone's users are
 * @param networkType the kind of access network
 * @param notes free text, empty when there is none
 */
public record NetworkZone(String id, String label, CountryCode country, NetworkType networkType, String notes) {
    public NetworkZone {
        Ids.require("id", id);
        Require.text("label", label, 200);
        Require.nonNull("country", country);
        Require.nonNull("networkType", networkType);
        notes = Ids.notes("notes", notes, 1000);
    }
}
