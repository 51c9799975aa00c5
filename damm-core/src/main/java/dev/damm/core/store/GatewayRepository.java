package dev.damm.core.store;

import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import java.util.List;
import java.util.Optional;

/**
 * Gateways with their front doors; unique by id, by public key, by registration token hash, by
 * credential hash and by front-door id.
 */
public interface GatewayRepository {
    /** CONFLICT when the id, token hash, credential hash, public key or a front-door id exists. */
    void insert(Gateway gateway);

    /** Replaces the gateway and its front doors; NOT_FOUND when absent. */
    void update(Gateway gateway);

    Optional<Gateway> find(GatewayId id);

    /** The gateway whose current registration token hashes to {@code tokenHash}, spent or not. */
    Optional<Gateway> findByTokenHash(byte[] tokenHash);

    /** The gateway whose gateway credential hashes to {@code credentialHash}. */
    Optional<Gateway> findByCredentialHash(byte[] credentialHash);

    /** All gateways ordered by id. */
    List<Gateway> list();
}
