package dev.damm.core.admission;

import dev.damm.core.enroll.Secrets;

import dev.damm.core.json.DammJson;
import dev.damm.core.trust.AcceptedSerial;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.DsseSignature;
import dev.damm.core.trust.DsseVerification;
import dev.damm.core.trust.DsseVerifier;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The gateway side: verifies an admission set's signature against the admission keys it was
 * given at registration, and that the set is for this gateway, current, and not older than the
 * one held in its {@link AdmissionTrustStore}; an accepted set is recorded there before
 * {@code verify} returns, so no caller can forget the last serial, and a restarted gateway still
 * refuses every older set. {@link #state()} says what the gateway must have configured now.
 *
 * <p><b>Control-plane outage.</b> A set past its valid-until stays applied for the configured
 * outage grace (default none) as long as no newer set replaced it, so a long outage of the
 * control plane does not cut off connected devices; a set is re-signed well before it expires,
 * so a reachable control plane replaces it first. The trade-off: a device revoked during the
 * outage keeps its admission until the gateway reaches the control plane again or the grace
 * ends. Older sets are refused throughout, and after the grace no peer is admitted.
 *
 * <p><b>Bounds before work.</b> The envelope's length is checked before it is decoded
 * ({@link #MAX_BYTES}, derived from the largest valid set), its signatures are counted while
 * parsing, and the payload is read by the signed-document parser with its one time spelling.
 * Never throws for bad input. Thread-safe.
 *
 * <p><b>Deltas.</b> {@link #verifyDelta} applies a signed {@link AdmissionDelta} on top of exactly
 * the held set, checks that the result's peers have the digest the delta signed, and records the
 * result as if it had arrived in full; deltas are bounded the same way
 * ({@link #MAX_DELTA_BYTES}, {@link AdmissionDelta#MAX_CHANGES}).
 */
public final class AdmissionVerifier {
    /**
     * Longest JSON of one envelope signature with its comma: a key id of up to 128 characters
     * (384 bytes in UTF-8) and the base64 of up to 512 signature bytes.
     */
    static final int MAX_SIGNATURE_JSON_BYTES = 16 + 3 * DsseSignature.MAX_KEY_ID_LENGTH + 4 * ((DsseSignature.MAX_SIGNATURE_LENGTH + 2) / 3);
    /**
     * Size limit of an admission envelope: the base64 of the largest valid payload
     * ({@link AdmissionSet#MAX_PAYLOAD_BYTES}), the envelope's own fields and
     * {@link DsseEnvelope#MAX_SIGNATURES} signatures. Checked before decoding.
     */
    public static final int MAX_BYTES = base64Length(AdmissionSet.MAX_PAYLOAD_BYTES)
            + 256 + DsseEnvelope.MAX_PAYLOAD_TYPE_LENGTH + DsseEnvelope.MAX_SIGNATURES * MAX_SIGNATURE_JSON_BYTES;
    /**
     * Size limit of an admission delta's envelope: the base64 of the largest valid delta payload
     * ({@link AdmissionDelta#MAX_PAYLOAD_BYTES}), the envelope's own fields and its signatures.
     * Checked before decoding.
     */
    public static final int MAX_DELTA_BYTES = base64Length(AdmissionDelta.MAX_PAYLOAD_BYTES)
            + 256 + DsseEnvelope.MAX_PAYLOAD_TYPE_LENGTH + DsseEnvelope.MAX_SIGNATURES * MAX_SIGNATURE_JSON_BYTES;
    /** Size limit of an {@link AdmissionTrustStore}'s file: a full set's envelope, or a delta's envelope and the set it yielded. */
    static final int MAX_STORED_BYTES = Math.max(MAX_BYTES, 64 + base64Length(MAX_DELTA_BYTES) + AdmissionSet.MAX_PAYLOAD_BYTES);
    /** How a stored delta's file form starts; a full set's envelope starts otherwise. */
    private static final byte[] STORED_DELTA_PREFIX = "{\"deltaEnvelope\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Default allowance for a gateway clock that runs behind the publisher's: five minutes. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    static {
        // Every set the publisher can sign must be readable: its base64 is one JSON string.
        if (base64Length(AdmissionSet.MAX_PAYLOAD_BYTES) > DammJson.MAX_STRING_LENGTH) {
            throw new ExceptionInInitializerError("admission sets outgrow the JSON parser's string limit");
        }
        // A stored delta keeps the delta's envelope as one base64 string, too.
        if (base64Length(MAX_DELTA_BYTES) > DammJson.MAX_STRING_LENGTH) {
            throw new ExceptionInInitializerError("admission deltas outgrow the JSON parser's string limit");
        }
    }

    private final KeyQuorum quorum;
    private final DsseVerifier dsse;
    private final DsseVerifier deltaDsse;
    private final String gatewayId;
    private final AdmissionTrustStore store;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration outageGrace;

    private AdmissionVerifier(Builder b) {
        this.quorum = b.quorum;
        this.dsse = new DsseVerifier(AdmissionPublisher.PAYLOAD_TYPE, b.quorum, MAX_BYTES);
        this.deltaDsse = new DsseVerifier(AdmissionPublisher.DELTA_PAYLOAD_TYPE, b.quorum, MAX_DELTA_BYTES);
        this.gatewayId = b.gatewayId;
        this.store = b.store;
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.outageGrace = b.outageGrace;
        store.restore(this::restore);
    }

    /** Starts a verifier for {@code gatewayId}'s sets signed by {@code admissionKeys}, remembering them in {@code store}. */
    public static Builder builder(KeyQuorum admissionKeys, String gatewayId, AdmissionTrustStore store) {
        return new Builder(admissionKeys, gatewayId, store);
    }

    static int base64Length(long bytes) {
        return Math.toIntExact((bytes + 2) / 3 * 4);
    }

    /** Verifies and, if it passes, records an admission envelope. */
    public AdmissionCheck verify(byte[] envelopeJson) {
        if (envelopeJson == null) {
            return rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        if (envelopeJson.length > MAX_BYTES) {
            return rejected(RejectionReason.OVERSIZED, "envelope: is " + envelopeJson.length + " bytes, limit is " + MAX_BYTES);
        }
        Object checked = check(envelopeJson);
        if (checked instanceof AdmissionCheck.Rejected r) {
            return r;
        }
        AdmissionTrustStore.Held candidate = (AdmissionTrustStore.Held) checked;
        Instant now = clock.instant();
        AdmissionSet set = candidate.set();
        if (!now.isBefore(set.validUntil())) {
            return rejected(RejectionReason.EXPIRED, "validUntil: " + set.validUntil() + " has passed (now " + now + ")");
        }
        if (set.issuedAt().isAfter(now.plus(clockSkew))) {
            return rejected(RejectionReason.NOT_YET_VALID, "issuedAt: " + set.issuedAt() + " is more than " + clockSkew + " after the gateway's clock " + now);
        }
        AdmissionCheck.Rejected refused = store.accept(candidate, s -> s.bindsUnder(quorum));
        return refused != null ? refused : new AdmissionCheck.Accepted(set);
    }

    /**
     * Reads at most {@link #MAX_BYTES} + 1 bytes from {@code in} and verifies them; a longer
     * stream is refused as {@link RejectionReason#OVERSIZED} without reading the rest. Does not
     * close {@code in}.
     */
    public AdmissionCheck verify(InputStream in) {
        if (in == null) {
            return rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            return rejected(RejectionReason.MALFORMED, "envelope: could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            return rejected(RejectionReason.OVERSIZED, "envelope: is more than the limit of " + MAX_BYTES + " bytes");
        }
        return verify(bytes);
    }

    /**
     * Verifies a signed admission delta and, if it passes, applies it to the held set and records
     * the resulting set, which {@link AdmissionCheck.Accepted} carries. The delta must be signed by
     * the admission keys, for this gateway, current, based on exactly the held set's serial (which
     * must still apply: not expired beyond the outage grace), and applying it must yield peers whose
     * digest is the one it signed. Any failure changes nothing and says why
     * ({@link RejectionReason#BASE_MISMATCH} and {@link RejectionReason#DIGEST_MISMATCH} mean:
     * fetch the full set).
     */
    public AdmissionCheck verifyDelta(byte[] envelopeJson) {
        if (envelopeJson == null) {
            return rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        if (envelopeJson.length > MAX_DELTA_BYTES) {
            return rejected(RejectionReason.OVERSIZED, "envelope: is " + envelopeJson.length + " bytes, limit is " + MAX_DELTA_BYTES);
        }
        Object checked = checkDelta(envelopeJson);
        if (checked instanceof AdmissionCheck.Rejected r) {
            return r;
        }
        CheckedDelta cd = (CheckedDelta) checked;
        AdmissionDelta delta = cd.delta();
        Instant now = clock.instant();
        if (!now.isBefore(delta.validUntil())) {
            return rejected(RejectionReason.EXPIRED, "validUntil: " + delta.validUntil() + " has passed (now " + now + ")");
        }
        if (delta.issuedAt().isAfter(now.plus(clockSkew))) {
            return rejected(RejectionReason.NOT_YET_VALID, "issuedAt: " + delta.issuedAt() + " is more than " + clockSkew + " after the gateway's clock " + now);
        }
        AdmissionTrustStore.Held base = store.held();
        if (base == null || !base.serial().bindsUnder(quorum)) {
            return rejected(RejectionReason.BASE_MISMATCH, "baseSerial: " + delta.baseSerial() + ", but no set signed by the current admission keys is held");
        }
        if (base.serial().serial() != delta.baseSerial()) {
            return rejected(RejectionReason.BASE_MISMATCH, "baseSerial: " + delta.baseSerial() + " is not the held serial " + base.serial().serial());
        }
        Instant dropAt = base.set().validUntil().plus(outageGrace);
        if (!now.isBefore(dropAt)) {
            return rejected(RejectionReason.BASE_MISMATCH, "baseSerial: the held set " + base.serial().serial() + " expired at "
                    + base.set().validUntil() + " and its outage grace ended at " + dropAt);
        }
        AdmissionSet result;
        try {
            result = delta.applyTo(base.set());
        } catch (DammException e) {
            return rejected(RejectionReason.MALFORMED, "delta: does not apply to set " + base.serial().serial() + ": " + e.getMessage());
        }
        String digest = AdmissionDelta.peersSha256(result.peers());
        if (!digest.equals(delta.peersSha256())) {
            return rejected(RejectionReason.DIGEST_MISMATCH, "peersSha256: applying the delta to set " + base.serial().serial()
                    + " yields " + digest + ", the delta signed " + delta.peersSha256());
        }
        AdmissionTrustStore.Held candidate = new AdmissionTrustStore.Held(result,
                AcceptedSerial.of(result.serial(), Secrets.sha256Hex(DammJson.write(result)), cd.signers()),
                DammJson.write(new AdmissionTrustStore.StoredDelta(cd.envelope(), result)));
        AdmissionCheck.Rejected refused = store.acceptDelta(base, candidate);
        return refused != null ? refused : new AdmissionCheck.Accepted(result);
    }

    /**
     * Reads at most {@link #MAX_DELTA_BYTES} + 1 bytes from {@code in} and verifies them as
     * {@link #verifyDelta(byte[])}; a longer stream is refused as {@link RejectionReason#OVERSIZED}
     * without reading the rest. Does not close {@code in}.
     */
    public AdmissionCheck verifyDelta(InputStream in) {
        if (in == null) {
            return rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_DELTA_BYTES + 1);
        } catch (IOException e) {
            return rejected(RejectionReason.MALFORMED, "envelope: could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_DELTA_BYTES) {
            return rejected(RejectionReason.OVERSIZED, "envelope: is more than the limit of " + MAX_DELTA_BYTES + " bytes");
        }
        return verifyDelta(bytes);
    }

    /** A delta whose signatures, shape and gateway passed, with its envelope's bytes and signers. */
    private record CheckedDelta(AdmissionDelta delta, byte[] envelope, java.util.Set<dev.damm.core.trust.KeyId> signers) {}

    /** Signatures, payload shape and gateway of a delta: an {@link AdmissionCheck.Rejected} or a {@link CheckedDelta}. */
    private Object checkDelta(byte[] envelopeJson) {
        DsseVerification v = deltaDsse.verify(envelopeJson);
        if (v instanceof DsseVerification.Rejected r) {
            return rejected(r.reason(), r.detail());
        }
        DsseVerification.Verified ok = (DsseVerification.Verified) v;
        AdmissionDelta delta;
        try {
            delta = DammJson.readSignedBounded(ok.envelope().payload(), AdmissionDelta.class, AdmissionDelta.MAX_PAYLOAD_BYTES);
        } catch (DammException e) {
            return rejected(e.errorCode() == ErrorCode.PAYLOAD_TOO_LARGE ? RejectionReason.OVERSIZED : RejectionReason.MALFORMED,
                    "payload: " + e.getMessage());
        }
        if (!delta.gatewayId().equals(gatewayId)) {
            return rejected(RejectionReason.SCOPE_MISMATCH, "gatewayId: delta is for " + delta.gatewayId() + ", not " + gatewayId);
        }
        return new CheckedDelta(delta, envelopeJson.clone(), ok.signers());
    }

    /**
     * Returns what the gateway must have configured now: the held set until its valid-until,
     * then for the outage grace, then no peer at all.
     */
    public AdmissionState state() {
        AdmissionTrustStore.Held h = store.held();
        if (h == null || !h.serial().bindsUnder(quorum)) {
            return new AdmissionState.DropAll("no admission set signed by the current admission keys has been accepted");
        }
        Instant now = clock.instant();
        AdmissionSet set = h.set();
        if (now.isBefore(set.validUntil())) {
            return new AdmissionState.Apply(set, set.validUntil(), false);
        }
        Instant dropAt = set.validUntil().plus(outageGrace);
        if (now.isBefore(dropAt)) {
            return new AdmissionState.Apply(set, dropAt, true);
        }
        return new AdmissionState.DropAll("set " + set.serial() + " expired at " + set.validUntil() + " and its outage grace of "
                + outageGrace + " ended at " + dropAt);
    }

    /** Signatures, payload shape and gateway: an {@link AdmissionCheck.Rejected} or a {@link AdmissionTrustStore.Held}. */
    private Object check(byte[] envelopeJson) {
        DsseVerification v = dsse.verify(envelopeJson);
        if (v instanceof DsseVerification.Rejected r) {
            return rejected(r.reason(), r.detail());
        }
        DsseVerification.Verified ok = (DsseVerification.Verified) v;
        byte[] payload = ok.envelope().payload();
        AdmissionSet set;
        try {
            set = DammJson.readSignedBounded(payload, AdmissionSet.class, AdmissionSet.MAX_PAYLOAD_BYTES);
        } catch (DammException e) {
            return rejected(e.errorCode() == ErrorCode.PAYLOAD_TOO_LARGE ? RejectionReason.OVERSIZED : RejectionReason.MALFORMED,
                    "payload: " + e.getMessage());
        }
        if (!set.gatewayId().equals(gatewayId)) {
            return rejected(RejectionReason.SCOPE_MISMATCH, "gatewayId: set is for " + set.gatewayId() + ", not " + gatewayId);
        }
        return new AdmissionTrustStore.Held(set, AcceptedSerial.of(set.serial(), Secrets.sha256Hex(payload), ok.signers()), envelopeJson.clone());
    }

    /** Checks the envelope a restarted store read from its file; null when the current keys no longer vouch for it. */
    private AdmissionTrustStore.Held restore(byte[] envelope) {
        if (envelope == null) {
            return null;
        }
        Object checked = startsWith(envelope, STORED_DELTA_PREFIX) ? checkStoredDelta(envelope) : check(envelope);
        if (checked instanceof AdmissionTrustStore.Held h) {
            return h;
        }
        AdmissionCheck.Rejected r = (AdmissionCheck.Rejected) checked;
        return switch (r.reason()) {
            // Signed by keys the admission role no longer lists: the stored serial no longer binds.
            case UNKNOWN_KEY, BAD_SIGNATURE, BELOW_THRESHOLD -> null;
            case SCOPE_MISMATCH -> throw new DammException(ErrorCode.CONFIGURATION_ERROR, "admissionStore: holds another gateway's set: " + r.detail());
            default -> throw new DammException(ErrorCode.MALFORMED_INPUT, "admissionStore: the stored set is damaged (" + r.reason().code() + "): " + r.detail());
        };
    }

    /** The stored form after a delta: the delta's signature must still verify and vouch for the stored set. */
    private Object checkStoredDelta(byte[] stored) {
        AdmissionTrustStore.StoredDelta sd;
        try {
            sd = DammJson.readSignedBounded(stored, AdmissionTrustStore.StoredDelta.class, MAX_STORED_BYTES);
        } catch (DammException e) {
            return rejected(RejectionReason.MALFORMED, "stored delta: " + e.getMessage());
        }
        Object checked = checkDelta(sd.deltaEnvelope());
        if (checked instanceof AdmissionCheck.Rejected r) {
            return r;
        }
        CheckedDelta cd = (CheckedDelta) checked;
        AdmissionDelta d = cd.delta();
        AdmissionSet set = sd.set();
        if (!set.gatewayId().equals(d.gatewayId()) || set.serial() != d.serial() || !set.issuedAt().equals(d.issuedAt())
                || !set.validUntil().equals(d.validUntil()) || !AdmissionDelta.peersSha256(set.peers()).equals(d.peersSha256())) {
            return rejected(RejectionReason.DIGEST_MISMATCH, "set: the stored set is not the one its delta signed");
        }
        return new AdmissionTrustStore.Held(set, AcceptedSerial.of(set.serial(), Secrets.sha256Hex(DammJson.write(set)), cd.signers()), stored.clone());
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static AdmissionCheck.Rejected rejected(RejectionReason reason, String detail) {
        return new AdmissionCheck.Rejected(reason, detail.length() > 1024 ? detail.substring(0, 1024) : detail);
    }

    /** Configures an {@link AdmissionVerifier}; not thread-safe. */
    public static final class Builder {
        private final KeyQuorum quorum;
        private final String gatewayId;
        private final AdmissionTrustStore store;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration outageGrace = Duration.ZERO;

        private Builder(KeyQuorum quorum, String gatewayId, AdmissionTrustStore store) {
            this.quorum = Require.nonNull("admissionKeys", quorum);
            this.gatewayId = Require.text("gatewayId", gatewayId, 64);
            this.store = Require.nonNull("store", store);
        }

        /** Sets the clock (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Require.nonNull("clock", clock);
            return this;
        }

        /** Sets how far in the future issued-at may be before a set is not yet valid. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = nonNegative("clockSkew", clockSkew);
            return this;
        }

        /**
         * Sets how long past its valid-until the last set stays applied while no newer one can be
         * fetched (default zero: dropped at valid-until). Longer keeps devices connected through a
         * longer control-plane outage, and delays a revocation made during it by as much.
         */
        public Builder outageGrace(Duration outageGrace) {
            this.outageGrace = nonNegative("outageGrace", outageGrace);
            return this;
        }

        private static Duration nonNegative(String field, Duration d) {
            Require.nonNull(field, d);
            if (d.isNegative()) {
                throw DammException.invalid(field, "must not be negative");
            }
            return d;
        }

        /**
         * Builds the verifier; on a store opened from a file, checks the set it holds again.
         *
         * @throws DammException {@code CONFIGURATION_ERROR} when the store holds another gateway's
         *     set, {@code MALFORMED_INPUT} when its file is damaged
         */
        public AdmissionVerifier build() {
            return new AdmissionVerifier(this);
        }
    }
}
