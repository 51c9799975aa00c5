package dev.damm.core.store;

import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import java.util.List;
import java.util.Optional;

/** Egress pools, unique by id. */
public interface EgressPoolRepository {
    /** CONFLICT when the id exists. */
    void insert(EgressPool pool);

    /** NOT_FOUND when absent. */
    void update(EgressPool pool);

    Optional<EgressPool> find(EgressPoolId id);

    /** All pools ordered by id. */
    List<EgressPool> list();
}
