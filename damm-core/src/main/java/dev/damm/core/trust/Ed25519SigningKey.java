package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key held in memory, made from a 32-byte seed (RFC 8032).
 *
 * <p>Thread-safe. {@link #toString()} shows only the key id; the seed leaves the object only
 * through {@link #exportSeed()} or {@link KeyFiles}.
 */
public final class Ed25519SigningKey implements SigningKey {
    /** Length of the private seed in bytes. */
    public static final int SEED_LENGTH = 32;

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKey publicKey;

    private Ed25519SigningKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = Ed25519PublicKey.of(privateKey.generatePublicKey());
    }

    /** Generates a new key from {@code random}, which must be a cryptographically strong source. */
    public static Ed25519SigningKey generate(SecureRandom random) {
        Require.nonNull("random", random);
        return new Ed25519SigningKey(new Ed25519PrivateKeyParameters(random));
    }

    /** Rebuilds a key from its 32-byte seed (copied; the caller may wipe its array afterwards). */
    public static Ed25519SigningKey fromSeed(byte[] seed) {
        Require.nonNull("seed", seed);
        if (seed.length != SEED_LENGTH) {
            throw DammException.invalid("seed", "must be 32 bytes, was " + seed.length);
        }
        return new Ed25519SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** Returns a copy of the 32-byte private seed; the caller owns it and should wipe it after use. */
    public byte[] exportSeed() {
        return privateKey.getEncoded();
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        Require.nonNull("message", message);
        byte[] signature = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
        // Same as Ed25519Signer, without its copy of the message (catalogs can be megabytes).
        privateKey.sign(Ed25519.Algorithm.Ed25519, publicKey.params(), null, message, 0, message.length, signature, 0);
        return signature;
    }

    Ed25519PrivateKeyParameters params() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "Ed25519SigningKey[keyId=" + publicKey.keyId().value() + ", seed=<redacted>]";
    }
}
