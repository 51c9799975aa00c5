package dev.damm.core.trust;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Deterministic keys and roots for tests: key {@code n} has a seed of 32 bytes of value {@code n}. */
public final class TestKeys {
    private TestKeys() {}

    public static Ed25519SigningKey key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return Ed25519SigningKey.fromSeed(seed);
    }

    /** Signs {@code doc} with {@code signers} and returns the envelope JSON. */
    public static byte[] signRoot(RootDocument doc, List<? extends SigningKey> signers) {
        return new DsseSigner(RootDocument.PAYLOAD_TYPE, signers).sign(doc.toJson()).toJson();
    }

    /** A root with the given version, root keys (threshold) and catalog keys (threshold 1). */
    public static RootDocument root(int version, Instant expires, int rootThreshold, List<Ed25519SigningKey> rootKeys,
                                    List<Ed25519SigningKey> catalogKeys) {
        return RootDocument.builder()
                .version(version)
                .expires(expires)
                .rootKeys(new KeyQuorum(rootKeys.stream().map(Ed25519SigningKey::publicKey).toList(), rootThreshold))
                .catalogKeys(new KeyQuorum(catalogKeys.stream().map(Ed25519SigningKey::publicKey).toList(), 1))
                .build();
    }

    /** Pins a root envelope, failing the test if it does not verify. */
    public static TrustedRoot pin(byte[] envelope) {
        RootUpdate u = new RootVerifier().pin(envelope);
        if (u instanceof RootUpdate.Accepted a) {
            return a.root();
        }
        throw new AssertionError("root did not pin: " + u);
    }
}
