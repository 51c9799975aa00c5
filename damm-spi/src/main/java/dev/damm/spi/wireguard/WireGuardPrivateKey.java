package dev.damm.spi.wireguard;

import dev.damm.spi.Require;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A WireGuard private key or preshared key: 32 secret bytes. {@link #toString()} never
 * reveals them; only {@link #base64()} does, for writing a device's own config file.
 */
public final class WireGuardPrivateKey {
    private final byte[] bytes;

    private WireGuardPrivateKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps 32 raw bytes (copied). */
    public static WireGuardPrivateKey ofBytes(byte[] raw) {
        Require.nonNull("privateKey", raw);
        if (raw.length != WireGuardKey.LENGTH) {
            throw dev.damm.spi.DammException.invalid("privateKey", "must be 32 bytes, was " + raw.length);
        }
        return new WireGuardPrivateKey(raw.clone());
    }

    /** Parses the base64 form {@code wg genkey} prints; errors name {@code privateKey} and never echo the input. */
    public static WireGuardPrivateKey parse(String base64) {
        return parse("privateKey", base64);
    }

    /** Parses the base64 form {@code wg genkey} prints, naming {@code field} in errors. */
    public static WireGuardPrivateKey parse(String field, String base64) {
        return new WireGuardPrivateKey(WireGuardKey.decode(field, base64));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The secret in base64; only for writing the owner's own configuration. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Overwrites the bytes held by this instance. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardPrivateKey k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return 0x5ec7e7; // deliberately constant: a hash of a secret is a leak
    }

    @Override
    public String toString() {
        return "WireGuardPrivateKey[redacted]";
    }
}
