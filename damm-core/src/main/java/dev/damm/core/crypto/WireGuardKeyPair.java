package dev.damm.core.crypto;

import dev.damm.spi.Require;
import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.wireguard.WireGuardPrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A WireGuard (Curve25519, X25519) key pair: a private key and the public key derived from it,
 * computed with BouncyCastle exactly as {@code wg pubkey} computes it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the public key only.
 */
public final class WireGuardKeyPair {
    private final WireGuardPrivateKey privateKey;
    private final WireGuardKey publicKey;

    private WireGuardKeyPair(WireGuardPrivateKey privateKey, WireGuardKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Generates a new key pair as {@code wg genkey | wg pubkey} does: 32 random bytes, clamped
     * (RFC 7748 section 5: low three bits cleared, top bit cleared, second-highest bit set).
     *
     * @param random the source of randomness; a {@link SecureRandom}, seeded only in tests
     */
    public static WireGuardKeyPair generate(SecureRandom random) {
        Require.nonNull("random", random);
        byte[] k = new byte[X25519.SCALAR_SIZE];
        try {
            random.nextBytes(k);
            X25519.clampPrivateKey(k);
            return fromPrivateKey(WireGuardPrivateKey.ofBytes(k));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Derives the public key of {@code privateKey}. The key is kept as given: X25519 clamps the
     * scalar while multiplying, so an unclamped key yields the same public key as with
     * {@code wg pubkey}.
     */
    public static WireGuardKeyPair fromPrivateKey(WireGuardPrivateKey privateKey) {
        Require.nonNull("privateKey", privateKey);
        byte[] k = privateKey.bytes();
        byte[] pub = new byte[X25519.POINT_SIZE];
        try {
            X25519.generatePublicKey(k, 0, pub, 0);
            return new WireGuardKeyPair(privateKey, WireGuardKey.ofBytes(pub));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    public WireGuardKey publicKey() {
        return publicKey;
    }

    public WireGuardPrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardKeyPair p && privateKey.equals(p.privateKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "WireGuardKeyPair[publicKey=" + publicKey + ", privateKey=<redacted>]";
    }
}
