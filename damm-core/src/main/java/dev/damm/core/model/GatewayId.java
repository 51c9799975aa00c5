package dev.damm.core.model;

import dev.damm.spi.Require;

/** Identifies a Gateway in the {@link Shapes#ENTITY_ID} grammar. */
public record GatewayId(String value) implements Comparable<GatewayId> {
    public GatewayId {
        Require.matches("gatewayId", value, Shapes.ENTITY_ID, 64, Shapes.ENTITY_ID_RULE);
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
