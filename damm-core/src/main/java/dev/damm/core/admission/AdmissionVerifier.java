package dev.damm.core.admission;

import dev.damm.core.json.DammJson;
import dev.damm.core.trust.DsseVerification;
import dev.damm.core.trust.DsseVerifier;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The gateway side: verifies an admission set's signature against the admission keys it was
 * given at registration, and that the set is for this gateway, current, and newer than the last
 * one applied. Stateless and thread-safe; the caller keeps the last applied serial.
 */
public final class AdmissionVerifier {
    /** Admission sets can be large (one line per device of a region). */
    public static final int MAX_BYTES = 256 * 1024 * 1024;
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final DsseVerifier dsse;
    private final String gatewayId;
    private final Clock clock;

    public AdmissionVerifier(KeyQuorum admissionKeys, String gatewayId, Clock clock) {
        this.dsse = new DsseVerifier(AdmissionPublisher.PAYLOAD_TYPE, Require.nonNull("admissionKeys", admissionKeys), MAX_BYTES);
        this.gatewayId = Require.text("gatewayId", gatewayId, 64);
        this.clock = Require.nonNull("clock", clock);
    }

    public AdmissionCheck verify(byte[] envelopeJson, long lastAppliedSerial) {
        DsseVerification v = dsse.verify(envelopeJson);
        if (v instanceof DsseVerification.Rejected r) {
            return new AdmissionCheck.Rejected(r.reason(), r.detail());
        }
        AdmissionSet set;
        try {
            set = DammJson.readBounded(((DsseVerification.Verified) v).envelope().payload(), AdmissionSet.class, MAX_BYTES);
        } catch (DammException e) {
            return new AdmissionCheck.Rejected(RejectionReason.MALFORMED, "payload: " + e.getMessage());
        }
        Instant now = clock.instant();
        if (!set.gatewayId().equals(gatewayId)) {
            return new AdmissionCheck.Rejected(RejectionReason.SCOPE_MISMATCH, "gatewayId: set is for " + set.gatewayId() + ", not " + gatewayId);
        }
        if (!now.isBefore(set.validUntil())) {
            return new AdmissionCheck.Rejected(RejectionReason.EXPIRED, "validUntil: " + set.validUntil() + " has passed");
        }
        if (set.issuedAt().isAfter(now.plus(SKEW))) {
            return new AdmissionCheck.Rejected(RejectionReason.NOT_YET_VALID, "issuedAt: " + set.issuedAt() + " is in the future");
        }
        if (set.serial() <= lastAppliedSerial) {
            return new AdmissionCheck.Rejected(RejectionReason.ROLLBACK, "serial: " + set.serial() + " is not above " + lastAppliedSerial);
        }
        return new AdmissionCheck.Accepted(set);
    }
}
