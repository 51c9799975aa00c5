package dev.damm.core.model;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/** Identifies a AccessTier: 1 to 64 characters of letters, digits, '.', '_', ':' and '-'. */
public record AccessTierId(String value) implements Comparable<AccessTierId> {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public AccessTierId {
        Require.matches("accessTierId", value, SHAPE, 64, "1-64 characters of [A-Za-z0-9._:-]");
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
