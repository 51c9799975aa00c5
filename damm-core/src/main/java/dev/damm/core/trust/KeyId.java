package dev.damm.core.trust;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/**
 * Names a public key in envelopes and roots: the lower-case hex SHA-256 of the raw 32-byte
 * Ed25519 public key, so anyone can recompute it with {@code sha256sum}.
 */
public record KeyId(String value) implements Comparable<KeyId> {
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{64}");

    public KeyId {
        Require.matches("keyId", value, SHAPE, 64, "64 lower-case hex digits");
    }

    /** Parses the 64-character hex form. */
    public static KeyId parse(String value) {
        return new KeyId(value);
    }

    @Override
    public int compareTo(KeyId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
