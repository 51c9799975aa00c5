package dev.damm.core.internal.enroll;
import dev.damm.core.enroll.EnrollmentService;
import dev.damm.core.enroll.Secrets;

import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.core.store.StoreTransaction;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;

/**
 * Resolves a device's bearer credential (issued once at enrollment, stored only as a hash) to
 * its device, inside the caller's transaction. Revoked devices are refused here, so every call a
 * device makes with its credential gets the same answer.
 */
public final class DeviceCredentials {
    private DeviceCredentials() {}

    /**
     * @throws DammException {@code UNAUTHENTICATED} for a missing, malformed or unknown credential,
     *     {@code DEVICE_REVOKED} for a revoked device
     */
    public static Device authenticate(StoreTransaction tx, String credential) {
        if (credential == null || credential.isBlank() || credential.length() > 128
                || !credential.strip().startsWith(EnrollmentService.CREDENTIAL_PREFIX)) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "credential: missing or malformed");
        }
        byte[] h = Secrets.hash(credential.strip());
        Device d = tx.devices().findByCredentialHash(h)
                .filter(x -> Secrets.constantTimeEquals(x.credentialHash(), h))
                .orElseThrow(() -> new DammException(ErrorCode.UNAUTHENTICATED, "credential: unknown"));
        if (d.state() == DeviceState.REVOKED) {
            throw new DammException(ErrorCode.DEVICE_REVOKED, "device: " + d.id() + " is revoked; enroll again");
        }
        return d;
    }
}
