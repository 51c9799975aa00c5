package dev.damm.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Public parts of DAMM's signing keys, unique by key id. */
public interface PublishedKeyRepository {
    /** CONFLICT when the key id exists. */
    void insert(PublishedKey key);

    Optional<PublishedKey> find(String keyId);

    /** Marks a key retired; NOT_FOUND when absent. */
    void retire(String keyId, Instant at);

    /** Keys of one purpose ordered by creation time. */
    List<PublishedKey> list(String purpose);
}
