package dev.damm.core.store;

import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import java.util.List;
import java.util.Optional;

/** Gateways with their front doors; unique by id, by public key, by token hash and by front-door id. */
public interface GatewayRepository {
    /** CONFLICT when the id, token hash, public key or a front-door id exists. */
    void insert(Gateway gateway);

    /** Replaces the gateway and its front doors; NOT_FOUND when absent. */
    void update(Gateway gateway);

    Optional<Gateway> find(GatewayId id);

    Optional<Gateway> findByTokenHash(byte[] tokenHash);

    /** All gateways ordered by id. */
    List<Gateway> list();
}
