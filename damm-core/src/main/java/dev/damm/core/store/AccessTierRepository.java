package dev.damm.core.store;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import java.util.List;
import java.util.Optional;

/** Access tiers, unique by id. */
public interface AccessTierRepository {
    /** CONFLICT when the id exists. */
    void insert(AccessTier tier);

    /** NOT_FOUND when absent. */
    void update(AccessTier tier);

    Optional<AccessTier> find(AccessTierId id);

    /**
     * The tier as {@link #find} reads it, locked until this transaction ends against other
     * transactions' {@code findLocked} of it (and their updates), and read once the lock is held,
     * so what this transaction reads next about the tier includes every enrollment committed
     * before. Enrollments call it before counting the tier's devices: that makes the session
     * limit exact at any isolation, at the price of enrollments into one tier taking turns.
     */
    Optional<AccessTier> findLocked(AccessTierId id);

    /** All tiers ordered by id. */
    List<AccessTier> list();
}
