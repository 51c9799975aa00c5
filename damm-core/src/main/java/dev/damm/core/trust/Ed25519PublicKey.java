package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (32 raw bytes) that verifies signatures; its {@link KeyId} is the
 * SHA-256 of the raw bytes.
 *
 * <p>Immutable and thread-safe. The decoded curve point is kept, so repeated verifications do
 * not decode the key again.
 */
public final class Ed25519PublicKey {
    /** Length of a raw Ed25519 public key in bytes. */
    public static final int LENGTH = 32;
    /** Length of an Ed25519 signature in bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    private final byte[] raw;
    private final Ed25519PublicKeyParameters params;
    private final KeyId keyId;

    private Ed25519PublicKey(byte[] raw, Ed25519PublicKeyParameters params) {
        this.raw = raw;
        this.params = params;
        SHA256Digest sha = new SHA256Digest();
        sha.update(raw, 0, raw.length);
        byte[] digest = new byte[sha.getDigestSize()];
        sha.doFinal(digest, 0);
        this.keyId = new KeyId(HexFormat.of().formatHex(digest));
    }

    /** Wraps 32 raw bytes (copied); rejects bytes that are not a valid curve point. */
    public static Ed25519PublicKey ofRaw(byte[] raw) {
        return ofRaw("publicKey", raw);
    }

    static Ed25519PublicKey ofRaw(String field, byte[] raw) {
        Require.nonNull(field, raw);
        if (raw.length != LENGTH) {
            throw DammException.invalid(field, "must be 32 bytes, was " + raw.length);
        }
        byte[] copy = raw.clone();
        try {
            return new Ed25519PublicKey(copy, new Ed25519PublicKeyParameters(copy, 0));
        } catch (IllegalArgumentException e) {
            throw DammException.invalid(field, "is not a valid Ed25519 public key");
        }
    }

    /** Parses standard base64 of the 32 raw bytes. */
    public static Ed25519PublicKey parse(String base64) {
        return parse("publicKey", base64);
    }

    static Ed25519PublicKey parse(String field, String base64) {
        Require.text(field, base64, 64);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw DammException.invalid(field, "is not valid base64");
        }
        return ofRaw(field, raw);
    }

    static Ed25519PublicKey of(Ed25519PublicKeyParameters params) {
        return new Ed25519PublicKey(params.getEncoded(), params);
    }

    /** Returns whether {@code signature} is a valid Ed25519 signature of {@code message} by this key. */
    public boolean verify(byte[] message, byte[] signature) {
        Require.nonNull("message", message);
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        // Same check as Ed25519Signer, without its copy of the message into a buffer.
        return params.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }

    /** Returns the key id: lower-case hex SHA-256 of the raw key. */
    public KeyId keyId() {
        return keyId;
    }

    /** Returns a copy of the 32 raw bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** Returns the raw bytes in standard base64 (44 characters). */
    public String base64() {
        return Base64.getEncoder().encodeToString(raw);
    }

    Ed25519PublicKeyParameters params() {
        return params;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey k && Arrays.equals(raw, k.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + keyId.value() + "]";
    }
}
