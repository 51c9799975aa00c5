package dev.damm.core.model;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/** Identifies a Device: 1 to 64 characters of letters, digits, '.', '_', ':' and '-'. */
public record DeviceId(String value) implements Comparable<DeviceId> {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public DeviceId {
        Require.matches("deviceId", value, SHAPE, 64, "1-64 characters of [A-Za-z0-9._:-]");
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    @Override
    public int compareTo(DeviceId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
