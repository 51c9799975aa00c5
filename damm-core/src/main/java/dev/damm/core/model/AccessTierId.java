package dev.damm.core.model;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/**
 * Identifies an access tier: 2 to 32 lower-case letters, digits and inner hyphens. The same grammar
 * names the tier in a catalog's scope and in the catalog's URL, so every tier that can be stored can
 * be published and fetched.
 */
public record AccessTierId(String value) implements Comparable<AccessTierId> {
    /** The one grammar of a tier id, wherever it is read. */
    public static final Pattern SHAPE = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,31}");
    /** What {@link #SHAPE} says, for error messages. */
    public static final String SHAPE_TEXT = "2-32 lower-case letters, digits and inner hyphens";

    public AccessTierId {
        Require.matches("accessTierId", value, SHAPE, 32, SHAPE_TEXT);
    }

    public static AccessTierId of(String value) {
        return new AccessTierId(value);
    }

    @Override
    public int compareTo(AccessTierId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
