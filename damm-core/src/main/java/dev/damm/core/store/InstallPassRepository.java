package dev.damm.core.store;

import dev.damm.core.model.DeviceId;
import java.time.Instant;
import java.util.Optional;

/** Install passes, unique by id and by secret hash. */
public interface InstallPassRepository {
    /** CONFLICT when the id or hash exists. */
    void insert(InstallPass pass);

    Optional<InstallPass> findBySecretHash(byte[] secretHash);

    Optional<InstallPass> find(String id);

    /**
     * Marks the pass used by {@code device} if and only if it is still unused: the store's
     * single-use guarantee. Returns false when another transaction used it first.
     */
    boolean markUsed(String id, DeviceId device, Instant at);

    /**
     * Deletes up to {@code limit} passes that were never used and expired before {@code before}
     * (used passes stay: they say which pass enrolled which device); returns how many.
     */
    default int deleteExpiredUnused(Instant before, int limit) {
        throw new dev.damm.spi.DammException(dev.damm.spi.ErrorCode.CAPABILITY_UNSUPPORTED, "store: cannot delete expired passes");
    }
}
