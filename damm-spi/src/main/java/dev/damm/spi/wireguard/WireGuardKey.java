package dev.damm.spi.wireguard;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Arrays;
import java.util.Base64;

/**
 * A WireGuard public key: 32 bytes, written as 44 characters of standard base64, as
 * {@code wg pubkey} prints it. Public material only; secrets are {@link WireGuardPrivateKey}s.
 */
public final class WireGuardKey implements Comparable<WireGuardKey> {
    public static final int LENGTH = 32;
    private final byte[] bytes;
    private final String base64;

    private WireGuardKey(byte[] bytes) {
        this.bytes = bytes;
        this.base64 = Base64.getEncoder().encodeToString(bytes);
    }

    /** Wraps 32 raw bytes (copied). */
    public static WireGuardKey ofBytes(byte[] raw) {
        Require.nonNull("publicKey", raw);
        if (raw.length != LENGTH) {
            throw DammException.invalid("publicKey", "must be 32 bytes, was " + raw.length);
        }
        return new WireGuardKey(raw.clone());
    }

    /** Parses the 44-character base64 form that {@code wg pubkey} prints. */
    public static WireGuardKey parse(String base64) {
        return new WireGuardKey(decode("publicKey", base64));
    }

    /** As {@link #parse(String)} but names {@code field} in errors. */
    public static WireGuardKey parse(String field, String base64) {
        return new WireGuardKey(decode(field, base64));
    }

    static byte[] decode(String field, String base64) {
        Require.text(field, base64, 64);
        String s = base64.strip();
        if (s.length() != 44 || !s.endsWith("=") || s.endsWith("==")) {
            throw DammException.invalid(field, "must be 44 characters of base64 encoding 32 bytes");
        }
        try {
            byte[] raw = Base64.getDecoder().decode(s);
            if (raw.length != LENGTH) {
                throw DammException.invalid(field, "must encode 32 bytes, encoded " + raw.length);
            }
            // Reject non-canonical encodings (spare bits set in the last character).
            if (!Base64.getEncoder().encodeToString(raw).equals(s)) {
                throw DammException.invalid(field, "is not canonical base64");
            }
            return raw;
        } catch (IllegalArgumentException e) {
            throw DammException.invalid(field, "is not valid base64");
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64() {
        return base64;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(WireGuardKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return base64;
    }
}
