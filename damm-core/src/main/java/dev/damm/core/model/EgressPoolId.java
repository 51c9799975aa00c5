package dev.damm.core.model;

import dev.damm.spi.Require;

/** Identifies a EgressPool in the {@link Shapes#ENTITY_ID} grammar. */
public record EgressPoolId(String value) implements Comparable<EgressPoolId> {
    public EgressPoolId {
        Require.matches("egressPoolId", value, Shapes.ENTITY_ID, 64, Shapes.ENTITY_ID_RULE);
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
