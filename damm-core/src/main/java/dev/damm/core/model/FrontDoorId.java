package dev.damm.core.model;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/** Identifies a FrontDoor: 1 to 64 characters of letters, digits, '.', '_', ':' and '-'. */
public record FrontDoorId(String value) implements Comparable<FrontDoorId> {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public FrontDoorId {
        Require.matches("frontDoorId", value, SHAPE, 64, "1-64 characters of [A-Za-z0-9._:-]");
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
