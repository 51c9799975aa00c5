package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks DSSE envelopes of one payload type against a {@link KeyQuorum}.
 *
 * <p>Signatures from keys outside the quorum are ignored, and each trusted key counts once, so
 * an extra signature by an unknown key never hurts and a repeated one never helps. At most
 * {@link DsseEnvelope#MAX_SIGNATURES} signatures are checked per envelope. A signature
 * that does not verify is ignored too; the envelope passes when the valid ones reach the
 * threshold. Never throws for bad input: every failure is a {@link DsseVerification.Rejected}.
 * Immutable and thread-safe.
 */
public final class DsseVerifier {
    /** Default size limit of an envelope: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final String payloadType;
    private final KeyQuorum quorum;
    private final int maxBytes;

    /** Creates a verifier with the default size limit. */
    public DsseVerifier(String payloadType, KeyQuorum quorum) {
        this(payloadType, quorum, DEFAULT_MAX_BYTES);
    }

    /** Creates a verifier that rejects envelopes longer than {@code maxBytes} before parsing them. */
    public DsseVerifier(String payloadType, KeyQuorum quorum, int maxBytes) {
        this.payloadType = Require.text("payloadType", payloadType, DsseEnvelope.MAX_PAYLOAD_TYPE_LENGTH);
        this.quorum = Require.nonNull("quorum", quorum);
        this.maxBytes = Require.range("maxBytes", maxBytes, 1, Integer.MAX_VALUE);
    }

    /** Parses and checks the JSON form of an envelope. */
    public DsseVerification verify(byte[] envelopeJson) {
        if (envelopeJson == null) {
            return new DsseVerification.Rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        if (envelopeJson.length > maxBytes) {
            return new DsseVerification.Rejected(RejectionReason.OVERSIZED,
                    "envelope: is " + envelopeJson.length + " bytes, limit is " + maxBytes);
        }
        DsseEnvelope envelope;
        try {
            envelope = DsseEnvelope.parse(envelopeJson);
        } catch (DammException e) {
            return new DsseVerification.Rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        return verify(envelope);
    }

    /**
     * Reads at most {@code maxBytes + 1} bytes of an envelope's JSON form from {@code in} and
     * checks it; a longer input is refused as {@link RejectionReason#OVERSIZED} without reading
     * the rest, so memory stays bounded by the limit however long the stream is. Does not close
     * {@code in}.
     */
    public DsseVerification verify(InputStream in) {
        if (in == null) {
            return new DsseVerification.Rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
        } catch (IOException e) {
            return new DsseVerification.Rejected(RejectionReason.MALFORMED, "envelope: could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > maxBytes) {
            return new DsseVerification.Rejected(RejectionReason.OVERSIZED, "envelope: is more than the limit of " + maxBytes + " bytes");
        }
        return verify(bytes);
    }

    /** Checks an already parsed envelope. */
    public DsseVerification verify(DsseEnvelope envelope) {
        if (envelope == null) {
            return new DsseVerification.Rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        if (!payloadType.equals(envelope.payloadType())) {
            return new DsseVerification.Rejected(RejectionReason.WRONG_PAYLOAD_TYPE,
                    "envelope.payloadType: expected " + payloadType + ", was " + Require.printable(envelope.payloadType()));
        }
        if (envelope.signatures().isEmpty()) {
            return new DsseVerification.Rejected(RejectionReason.MALFORMED, "envelope.signatures: must hold at least one signature");
        }
        byte[] pae = null;
        Set<KeyId> valid = new TreeSet<>();
        int bad = 0;
        for (DsseSignature s : envelope.signatures()) {
            var key = quorum.find(s.keyId());
            // A key counts once; a repeat after a valid signature is not even checked.
            if (key.isEmpty() || valid.contains(key.get().keyId())) {
                continue;
            }
            if (pae == null) {
                pae = Dsse.pae(envelope.payloadType(), envelope.payloadUnsafe());
            }
            if (key.get().verify(pae, s.sigUnsafe())) {
                valid.add(key.get().keyId());
            } else {
                bad++;
            }
        }
        if (valid.size() >= quorum.threshold()) {
            return new DsseVerification.Verified(envelope, valid);
        }
        if (bad > 0) {
            return new DsseVerification.Rejected(RejectionReason.BAD_SIGNATURE,
                    "envelope.signatures: " + bad + " signature(s) from trusted keys do not verify; "
                            + valid.size() + " valid of threshold " + quorum.threshold());
        }
        if (valid.isEmpty()) {
            return new DsseVerification.Rejected(RejectionReason.UNKNOWN_KEY,
                    "envelope.signatures: none of " + envelope.signatures().size() + " signature(s) is from a trusted key");
        }
        return new DsseVerification.Rejected(RejectionReason.BELOW_THRESHOLD,
                "envelope.signatures: " + valid.size() + " valid signature(s), threshold is " + quorum.threshold());
    }

    /** Returns the payload type this verifier accepts. */
    public String payloadType() {
        return payloadType;
    }

    /** Returns the keys and threshold this verifier checks against. */
    public KeyQuorum quorum() {
        return quorum;
    }
}
