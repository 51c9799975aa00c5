package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of public keys and how many of them must sign: a TUF-style role such as "2 of 3 root
 * keys" or "1 of 1 catalog key".
 *
 * @param keys the keys, 1 to {@value #MAX_KEYS}, no duplicates, in the order given
 * @param threshold how many distinct keys must sign, 1 to {@code keys.size()}
 */
public record KeyQuorum(List<Ed25519PublicKey> keys, int threshold) {
    /** Most keys one role may list. */
    public static final int MAX_KEYS = 32;

    public KeyQuorum {
        Require.elements("keys", keys, MAX_KEYS);
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw DammException.invalid("keys", "must list at least one key");
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw DammException.invalid("keys", "must not list a key twice");
        }
        Require.range("threshold", threshold, 1, keys.size());
    }

    /** A quorum of one key. */
    public static KeyQuorum single(Ed25519PublicKey key) {
        return new KeyQuorum(List.of(key), 1);
    }

    /** A quorum of the given keys with the given threshold. */
    public static KeyQuorum of(int threshold, Ed25519PublicKey... keys) {
        return new KeyQuorum(List.of(keys), threshold);
    }

    /** Returns the key whose id is {@code keyId}, if listed. */
    public Optional<Ed25519PublicKey> find(String keyId) {
        for (Ed25519PublicKey k : keys) {
            if (k.keyId().value().equals(keyId)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Returns the ids of the listed keys, sorted. */
    public Set<KeyId> keyIds() {
        Set<KeyId> ids = new TreeSet<>();
        for (Ed25519PublicKey k : keys) {
            ids.add(k.keyId());
        }
        return ids;
    }
}
