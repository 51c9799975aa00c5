package dev.damm.core.store;

import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.GatewayId;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.List;
import java.util.Optional;

/** Devices, unique by id, by public key and by credential hash. */
public interface DeviceRepository {
    /** Inserts a new device; CONFLICT when its id, public key or credential hash exists. */
    void insert(Device device);

    /** Replaces an existing device (same id); NOT_FOUND when absent; CONFLICT on a taken public key. */
    void update(Device device);

    Optional<Device> find(DeviceId id);

    Optional<Device> findByPublicKey(WireGuardKey publicKey);

    Optional<Device> findByCredentialHash(byte[] credentialHash);

    /** Devices attached to {@code gateway} in {@code state}, ordered by id. */
    List<Device> listByGateway(GatewayId gateway, DeviceState state);

    /** Number of devices of {@code tier} in {@code state}. */
    long countByTier(AccessTierId tier, DeviceState state);

    long count();
}
