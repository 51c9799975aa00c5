package dev.damm.core.store;

import java.time.Instant;

/** What {@link DammStore#enroll} did: enrolled the device, or which rule stopped it (nothing written then). */
public sealed interface EnrollmentOutcome {
    /** The device is stored, the pass redeemed, the addresses leased and the audit event appended. */
    record Enrolled() implements EnrollmentOutcome {}

    /** No pass has the secret hash (or it belongs to another tier than the device's). */
    record PassUnknown() implements EnrollmentOutcome {}

    /** The pass enrolled a device already. */
    record PassUsed() implements EnrollmentOutcome {}

    /** The pass expired at {@code expiresAt}. */
    record PassExpired(Instant expiresAt) implements EnrollmentOutcome {}

    /** The pass's tier no longer exists. */
    record TierMissing() implements EnrollmentOutcome {}

    /** The tier already has {@code sessionLimit} active devices. */
    record SessionLimitReached(int sessionLimit) implements EnrollmentOutcome {}

    /** A device holds the public key. */
    record PublicKeyTaken() implements EnrollmentOutcome {}

    /** The device's gateway is gone, not active, or its heartbeat is stale. */
    record GatewayUnavailable() implements EnrollmentOutcome {}

    /** Another device holds (or the quarantine still keeps) the claimed address. */
    record AddressTaken(AddressClaim claim) implements EnrollmentOutcome {}
}
