package dev.damm.core.internal.permeability;

import dev.damm.spi.Require;
import java.util.List;
import java.util.regex.Pattern;

/** Validates identifiers of zones, providers, gateways and front doors. */
final class Ids {
    /** The zone id of incidents that span every observing zone, such as a provider outage. */
    static final String ALL_ZONES = "*";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Ids() {}

    static String require(String field, String value) {
        return Require.matches(field, value, SHAPE, 64, "1-64 characters of [A-Za-z0-9._:-]");
    }

    static List<String> requireAll(String field, List<String> values) {
        Require.elements(field, values, 10_000);
        for (String v : values) {
            require(field, v);
        }
        return List.copyOf(values);
    }

    /** Free text that may be empty (absent) but has no control characters. */
    static String notes(String field, String value, int max) {
        Require.nonNull(field, value);
        return value.isEmpty() ? value : Require.text(field, value, max);
    }
}
