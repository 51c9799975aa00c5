package dev.damm.spi.provider;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/**
 * A configuration key a plug-in reads, as it appears in its {@link ProviderDescriptor}.
 *
 * <p>{@code required} keys are checked by the registry before a plug-in is opened; {@code secret}
 * keys are read through {@link ProviderConfig#secret(String)} and never printed.
 *
 * @param name        the key, e.g. {@code token} or {@code hostsFile}
 * @param description one line for operators, e.g. "API token with read/write scope"
 * @param required    whether opening the plug-in without it is a configuration error
 * @param secret      whether the value is a credential
 */
public record ConfigKey(String name, String description, boolean required, boolean secret) {
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    public ConfigKey {
        Require.matches("configKey.name", name, NAME, 64, "a letter followed by up to 63 letters, digits, '.', '_' or '-'");
        Require.text("configKey.description", description, 200);
    }

    /** A required, non-secret setting. */
    public static ConfigKey required(String name, String description) {
        return new ConfigKey(name, description, true, false);
    }

    /** An optional, non-secret setting. */
    public static ConfigKey optional(String name, String description) {
        return new ConfigKey(name, description, false, false);
    }

    /** A required credential. */
    public static ConfigKey secret(String name, String description) {
        return new ConfigKey(name, description, true, true);
    }
}
