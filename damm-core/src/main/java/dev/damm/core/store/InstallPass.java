package dev.damm.core.store;

import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.DeviceId;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A single-use, time-bound enrollment pass, as stored: only the SHA-256 of the secret is kept.
 *
 * @param id public identifier, for audit and revocation
 * @param usedBy the device it enrolled, once used
 */
public record InstallPass(String id, byte[] secretHash, AccessTierId tierId, Instant createdAt, Instant expiresAt,
        String createdBy, Optional<Instant> usedAt, Optional<DeviceId> usedBy) {
    public InstallPass {
        Require.text("installPass.id", id, 64);
        Require.nonNull("installPass.secretHash", secretHash);
        if (secretHash.length != 32) {
            throw dev.damm.spi.DammException.invalid("installPass.secretHash", "must be a 32-byte SHA-256");
        }
        secretHash = secretHash.clone();
        Require.nonNull("installPass.tierId", tierId);
        Require.nonNull("installPass.createdAt", createdAt);
        Require.nonNull("installPass.expiresAt", expiresAt);
        Require.text("installPass.createdBy", createdBy, 128);
        Require.nonNull("installPass.usedAt", usedAt);
        Require.nonNull("installPass.usedBy", usedBy);
    }

    @Override
    public byte[] secretHash() {
        return secretHash.clone();
    }

    public boolean isUsed() {
        return usedAt.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstallPass p && id.equals(p.id) && Arrays.equals(secretHash, p.secretHash) && tierId.equals(p.tierId)
                && createdAt.equals(p.createdAt) && expiresAt.equals(p.expiresAt) && createdBy.equals(p.createdBy)
                && usedAt.equals(p.usedAt) && usedBy.equals(p.usedBy);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "InstallPass[" + id + ", tier " + tierId + ", expires " + expiresAt + (isUsed() ? ", used" : "") + "]";
    }
}
