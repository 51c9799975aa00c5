package dev.damm.core.model;
import dev.damm.core.internal.model.Shapes;

import dev.damm.spi.Require;

/** Identifies a FrontDoor in the {@link Shapes#ENTITY_ID} grammar. */
public record FrontDoorId(String value) implements Comparable<FrontDoorId> {
    public FrontDoorId {
        Require.matches("frontDoorId", value, Shapes.ENTITY_ID, 64, Shapes.ENTITY_ID_RULE);
    }

    public static FrontDoorId of(String value) {
        return new FrontDoorId(value);
    }

    @Override
    public int compareTo(FrontDoorId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
