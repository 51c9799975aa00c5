package dev.damm.spi.provider;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/**
 * Names a provider plug-in, such as {@code hetzner} or {@code aws-eu-west}: a lower-case
 * letter, then lower-case letters, digits and single inner hyphens, 2 to 32 characters.
 *
 * <p>The id is what configuration uses to choose a plug-in, so it is stable across versions.
 */
public record ProviderId(String value) implements Comparable<ProviderId> {
    private static final Pattern SHAPE = Pattern.compile("[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,31}");

    public ProviderId {
        Require.matches("providerId", value, SHAPE, 32,
                "2-32 lower-case letters, digits and inner hyphens, starting with a letter");
    }

    public static ProviderId of(String value) {
        return new ProviderId(value);
    }

    @Override
    public int compareTo(ProviderId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
