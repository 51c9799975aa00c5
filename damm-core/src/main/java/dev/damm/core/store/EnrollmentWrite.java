package dev.damm.core.store;

import dev.damm.core.model.Device;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An enrollment's writes and the conditions under which the store applies them, as one atomic
 * step ({@link DammStore#enroll}): redeem the pass, lease the addresses, insert the device, count
 * it in its tier and append the audit event, but only if, at that moment, every rule still holds.
 *
 * <p>The rules, checked in this order (the first broken one is the {@link EnrollmentOutcome}):
 * a pass with {@code passHash} exists for the device's tier; it is unused; it has not expired at
 * the device's {@code createdAt}; the tier exists; an active tier has fewer active devices than
 * its session limit; no device holds the public key; the device's gateway accepts placements
 * ({@code Gateway.acceptsPlacements(createdAt, heartbeatTtl)}); each claimed address is free
 * (no lease, or a lease released at or before {@code reusableBefore}).
 *
 * @param device the device to insert, with its tunnel addresses already chosen
 * @param passHash SHA-256 of the install pass's secret
 * @param claims the leases behind the device's tunnel addresses
 * @param reusableBefore a released lease is free only if released at or before this instant
 * @param heartbeatTtl how fresh the gateway's last heartbeat must be
 * @param audit the audit event to append (its sequence is assigned by the store)
 */
public record EnrollmentWrite(Device device, byte[] passHash, List<AddressClaim> claims, Instant reusableBefore, Duration heartbeatTtl,
        AuditEvent audit) {
    public EnrollmentWrite {
        Require.nonNull("write.device", device);
        Require.nonNull("write.passHash", passHash);
        if (passHash.length != 32) {
            throw DammException.invalid("write.passHash", "must be a 32-byte SHA-256");
        }
        passHash = passHash.clone();
        claims = List.copyOf(Require.elements("write.claims", claims, 8));
        Require.nonNull("write.reusableBefore", reusableBefore);
        Require.nonNull("write.heartbeatTtl", heartbeatTtl);
        Require.nonNull("write.audit", audit);
    }

    @Override
    public byte[] passHash() {
        return passHash.clone();
    }

    /** The enrollment's instant: the device's creation time. */
    public Instant now() {
        return device.createdAt();
    }
}
