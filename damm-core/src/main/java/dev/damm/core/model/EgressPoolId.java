package dev.damm.core.model;
import dev.damm.core.internal.model.Shapes;

import dev.damm.spi.Require;

/** Identifies an EgressPool in the {@link Shapes#PATH_PART_ID} grammar (no colon: path ids join it with one). */
public record EgressPoolId(String value) implements Comparable<EgressPoolId> {
    public EgressPoolId {
        Require.matches("egressPoolId", value, Shapes.PATH_PART_ID, 64, Shapes.PATH_PART_ID_RULE);
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
