package dev.damm.core.model;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/** Identifies a Gateway: 1 to 64 characters of letters, digits, '.', '_', ':' and '-'. */
public record GatewayId(String value) implements Comparable<GatewayId> {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public GatewayId {
        Require.matches("gatewayId", value, SHAPE, 64, "1-64 characters of [A-Za-z0-9._:-]");
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
