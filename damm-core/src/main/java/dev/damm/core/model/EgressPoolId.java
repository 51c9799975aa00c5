package dev.damm.core.model;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/** Identifies a EgressPool: 1 to 64 characters of letters, digits, '.', '_', ':' and '-'. */
public record EgressPoolId(String value) implements Comparable<EgressPoolId> {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public EgressPoolId {
        Require.matches("egressPoolId", value, SHAPE, 64, "1-64 characters of [A-Za-z0-9._:-]");
    }

    public static EgressPoolId of(String value) {
        return new EgressPoolId(value);
    }

    @Override
    public int compareTo(EgressPoolId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
