package dev.damm.core.store;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.wireguard.WireGuardKey;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * The enrollment lookup and write of {@link DammStore}, in terms of the repositories: what the
 * in-memory store and H2 run, and the reference a database-specific version (PostgreSQL's
 * {@code damm_enroll} function) must agree with, outcome for outcome.
 */
final class Enrollments {
    private Enrollments() {}

    static EnrollmentLookup lookup(StoreTransaction tx, byte[] passHash, WireGuardKey publicKey) {
        Optional<InstallPass> pass = tx.installPasses().findBySecretHash(passHash);
        Optional<AccessTier> tier = pass.flatMap(p -> tx.accessTiers().find(p.tierId()));
        long active = tier.map(t -> tx.devices().countByTier(t.id(), DeviceState.ACTIVE)).orElse(0L);
        return new EnrollmentLookup(pass, tier, Math.max(0, active), tx.devices().findByPublicKey(publicKey).isPresent());
    }

    /**
     * Checks every rule of {@link EnrollmentWrite} before writing anything, then writes. A write
     * can still fail if a concurrent transaction got there between check and write (not in the
     * in-memory store, whose transactions run one at a time); that surfaces as an exception so
     * the transaction rolls back: a retryable CONFLICT for an address, the device insert's own
     * CONFLICT for a public key.
     */
    static EnrollmentOutcome apply(StoreTransaction tx, EnrollmentWrite w) {
        Device d = w.device();
        Instant now = w.now();
        byte[] hash = w.passHash();
        Optional<InstallPass> found = tx.installPasses().findBySecretHash(hash)
                .filter(p -> MessageDigest.isEqual(p.secretHash(), hash) && p.tierId().equals(d.tierId()));
        if (found.isEmpty()) {
            return new EnrollmentOutcome.PassUnknown();
        }
        InstallPass pass = found.get();
        if (pass.isUsed()) {
            return new EnrollmentOutcome.PassUsed();
        }
        if (!now.isBefore(pass.expiresAt())) {
            return new EnrollmentOutcome.PassExpired(pass.expiresAt());
        }
        // Locked before counting: concurrent enrollments into the tier take turns, so the count
        // below includes every one committed before, and the session limit is never overshot.
        Optional<AccessTier> tier = tx.accessTiers().findLocked(d.tierId());
        if (tier.isEmpty()) {
            return new EnrollmentOutcome.TierMissing();
        }
        AccessTier t = tier.get();
        if (t.active() && tx.devices().countByTier(t.id(), DeviceState.ACTIVE) >= t.sessionLimit()) {
            return new EnrollmentOutcome.SessionLimitReached(t.sessionLimit());
        }
        if (tx.devices().findByPublicKey(d.publicKey()).isPresent()) {
            return new EnrollmentOutcome.PublicKeyTaken();
        }
        if (tx.gateways().find(d.gatewayId()).filter(g -> g.acceptsPlacements(now, w.heartbeatTtl())).isEmpty()) {
            return new EnrollmentOutcome.GatewayUnavailable();
        }
        for (AddressClaim c : w.claims()) {
            if (!tx.addressLeases().isFree(c.poolId(), c.offset(), w.reusableBefore())) {
                return new EnrollmentOutcome.AddressTaken(c);
            }
        }
        // The pass first: of two racing redemptions the loser stops here, before writing anything.
        if (!tx.installPasses().markUsed(pass.id(), d.id(), now)) {
            return new EnrollmentOutcome.PassUsed();
        }
        for (AddressClaim c : w.claims()) {
            if (!tx.addressLeases().claim(c.poolId(), c.offset(), d.id(), now, w.reusableBefore())) {
                throw DammException.retryable(ErrorCode.CONFLICT,
                        "addressPool: " + c.poolId() + " offset " + c.offset() + " was taken by a concurrent enrollment; retry", null);
            }
        }
        tx.devices().insert(d);
        tx.audit().append(w.audit());
        return new EnrollmentOutcome.Enrolled();
    }
}
