package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
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
 * <p>Verification is strict in the way libsodium's {@code crypto_sign_verify_detached} is, so
 * clients in other languages built on libsodium reach the same verdict on the same bytes: a
 * public key or an {@code R} of small order (order 1, 2, 4 or 8, in any encoding, sign bit
 * ignored) is refused, a public key whose {@code y} is not below the field prime is refused, and
 * {@code S} must be below the group order {@code L} (BouncyCastle's own check). Mixed-order keys
 * (a prime-order point plus a small-order one) are accepted, as libsodium accepts them.
 *
 * <p>The equation is checked by BouncyCastle, which multiplies it by the cofactor 8
 * ({@code [8][S]B = [8]R + [8][k]A}); libsodium checks it without ({@code [S]B = R + [k]A}). The
 * two agree whenever {@code A} and {@code R} both lie in the prime-order subgroup, which
 * BouncyCastle's full point validation decides. Only when one of them carries a small-order
 * component is the cofactorless equation checked as well, by the JDK's own Ed25519 (present in
 * every Java 17 runtime, and cofactorless), so the verdict is libsodium's on every input.
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
    // Whether A lies in the prime-order subgroup; if not, a signature needs the cofactorless check too.
    private final boolean primeOrder;
    private volatile PublicKey jdkKey;

    private Ed25519PublicKey(byte[] raw, Ed25519PublicKeyParameters params) {
        this.raw = raw;
        this.params = params;
        this.primeOrder = Ed25519.validatePublicKeyFull(raw, 0);
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
        if (hasSmallOrder(copy, 0)) {
            throw DammException.invalid(field, "is a point of small order, which verifies forged signatures");
        }
        if (!isCanonical(copy)) {
            throw DammException.invalid(field, "is not the canonical encoding of a point");
        }
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
        // A small-order R makes the equation hold for many keys at once; libsodium refuses it.
        if (hasSmallOrder(signature, 0)) {
            return false;
        }
        // Same check as Ed25519Signer, without its copy of the message into a buffer. It refuses
        // S >= L and compares the recomputed R with the given bytes, so a non-canonical R fails too.
        if (!params.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0)) {
            return false;
        }
        if (primeOrder && Ed25519.validatePublicKeyFull(signature, 0)) {
            return true;
        }
        return verifyCofactorless(message, signature);
    }

    /** The JDK's Ed25519, which checks {@code [S]B = R + [k]A} exactly; only reached for mixed-order A or R. */
    private boolean verifyCofactorless(byte[] message, byte[] signature) {
        try {
            PublicKey k = jdkKey;
            if (k == null) {
                byte[] y = new byte[LENGTH];
                for (int i = 0; i < LENGTH; i++) {
                    y[i] = raw[LENGTH - 1 - i];
                }
                boolean xOdd = (y[0] & 0x80) != 0;
                y[0] &= 0x7f;
                k = KeyFactory.getInstance("Ed25519").generatePublic(
                        new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, y))));
                jdkKey = k;
            }
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(k);
            v.update(message);
            return v.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime lacks Ed25519", e);
        }
    }

    /**
     * The encodings of the points of order 1, 2, 4 and 8, including the non-canonical ones
     * ({@code y = p} and {@code y = p + 1}); compared without the sign bit, so both signs of each
     * point match. The same list as libsodium's {@code ge25519_has_small_order}.
     */
    private static final byte[][] SMALL_ORDER = {
        hex("0000000000000000000000000000000000000000000000000000000000000000"),
        hex("0100000000000000000000000000000000000000000000000000000000000000"),
        hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    };

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** Whether the 32 bytes at {@code off} encode a point of small order (sign bit ignored). */
    static boolean hasSmallOrder(byte[] b, int off) {
        for (byte[] bad : SMALL_ORDER) {
            boolean same = true;
            for (int i = 0; i < 31 && same; i++) {
                same = b[off + i] == bad[i];
            }
            if (same && (b[off + 31] & 0x7f) == bad[31]) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code y} (the encoding without its sign bit) is below the field prime {@code p = 2^255 - 19}. */
    static boolean isCanonical(byte[] b) {
        if ((b[31] & 0x7f) != 0x7f) {
            return true;
        }
        for (int i = 30; i > 0; i--) {
            if ((b[i] & 0xff) != 0xff) {
                return true;
            }
        }
        return (b[0] & 0xff) < 0xed;
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
