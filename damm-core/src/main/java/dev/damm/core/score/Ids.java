package dev.damm.core.score;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/** Validates the identifiers of gateways, front doors, egress pools and providers. */
final class Ids {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Ids() {}

    static String require(String field, String value) {
        return Require.matches(field, value, SHAPE, 64, "1-64 characters of [A-Za-z0-9._:-]");
    }
}
