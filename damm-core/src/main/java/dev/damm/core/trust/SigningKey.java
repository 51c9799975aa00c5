package dev.damm.core.trust;

/**
 * Something that produces Ed25519 signatures for one key: an in-memory key
 * ({@link Ed25519SigningKey}), or an HSM or KMS that never reveals the private half.
 *
 * <p>Implementations must be thread-safe, must not log or expose the private key, and return
 * 64-byte pure Ed25519 signatures (RFC 8032, no pre-hash, no context).
 */
public interface SigningKey {
    /** Returns the public half. */
    Ed25519PublicKey publicKey();

    /** Returns the key id; by default that of {@link #publicKey()}. */
    default KeyId keyId() {
        return publicKey().keyId();
    }

    /** Signs {@code message} (may block on a remote signer) and returns the 64-byte signature. */
    byte[] sign(byte[] message);
}
