package dev.damm.core.store;

import dev.damm.spi.Require;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The public part of a signing key DAMM uses (catalog, admission, root), kept so operators and
 * auditors can tell which key signed what. Private parts are never stored here.
 *
 * @param keyId lower-case hex SHA-256 of the raw public key
 * @param purpose e.g. {@code root}, {@code catalog}, {@code admission}
 */
public record PublishedKey(String keyId, String purpose, byte[] publicKey, Instant createdAt, Optional<Instant> retiredAt) {
    public PublishedKey {
        Require.matches("key.keyId", keyId, dev.damm.core.internal.model.Shapes.SHA256_HEX, 64, "64 hex digits");
        Require.matches("key.purpose", purpose, dev.damm.core.internal.model.Shapes.LOWER_NAME, 32, "a lower-case purpose");
        Require.nonNull("key.publicKey", publicKey);
        if (publicKey.length != 32) {
            throw dev.damm.spi.DammException.invalid("key.publicKey", "must be 32 bytes");
        }
        publicKey = publicKey.clone();
        Require.nonNull("key.createdAt", createdAt);
        Require.nonNull("key.retiredAt", retiredAt);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedKey k && keyId.equals(k.keyId) && purpose.equals(k.purpose)
                && Arrays.equals(publicKey, k.publicKey) && createdAt.equals(k.createdAt) && retiredAt.equals(k.retiredAt);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }
}
