package dev.damm.core.model;
import dev.damm.core.internal.model.Shapes;

import dev.damm.spi.Require;

/** Identifies a Gateway in the {@link Shapes#PATH_PART_ID} grammar (no colon: path ids join it with one). */
public record GatewayId(String value) implements Comparable<GatewayId> {
    public GatewayId {
        Require.matches("gatewayId", value, Shapes.PATH_PART_ID, 64, Shapes.PATH_PART_ID_RULE);
    }

    public static GatewayId of(String value) {
        return new GatewayId(value);
    }

    @Override
    public int compareTo(GatewayId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
