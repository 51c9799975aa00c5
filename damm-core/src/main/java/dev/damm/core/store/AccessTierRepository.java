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

    /** All tiers ordered by id. */
    List<AccessTier> list();
}
