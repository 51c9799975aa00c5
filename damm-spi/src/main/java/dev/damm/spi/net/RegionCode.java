package dev.damm.spi.net;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/**
 * A DAMM region such as {@code eu-central}: lower-case letters, digits and single hyphens,
 * 2 to 32 characters. Providers map it to their own region names.
 */
public record RegionCode(String value) implements Comparable<RegionCode> {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,31}");

    public RegionCode {
        Require.matches("region", value, SHAPE, 32, "2-32 lower-case letters, digits and inner hyphens");
    }

    public static RegionCode of(String value) {
        return new RegionCode(value);
    }

    @Override
    public int compareTo(RegionCode o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
