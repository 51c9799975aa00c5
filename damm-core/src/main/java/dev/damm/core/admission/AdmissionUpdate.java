package dev.damm.core.admission;

import dev.damm.core.trust.DsseEnvelope;
import dev.damm.spi.Require;

/**
 * The publisher's answer to a gateway that holds some serial and asks what changed since:
 * nothing, a signed delta from exactly that serial, or the full set when no delta can be built
 * from it (the gateway held nothing, its serial is no longer in the history, or the change is
 * larger than a delta carries).
 */
public sealed interface AdmissionUpdate permits AdmissionUpdate.UpToDate, AdmissionUpdate.Delta, AdmissionUpdate.Full {

    /** The gateway already holds the newest set, {@code serial}; nothing to send. */
    record UpToDate(long serial) implements AdmissionUpdate {}

    /** A signed delta from the gateway's serial to the newest; apply it with {@link AdmissionVerifier#verifyDelta(byte[])}. */
    record Delta(AdmissionDelta delta, DsseEnvelope envelope) implements AdmissionUpdate {
        public Delta {
            Require.nonNull("delta", delta);
            Require.nonNull("envelope", envelope);
        }

        /** The envelope's JSON form, what the gateway receives. */
        public byte[] toJson() {
            return envelope.toJson();
        }
    }

    /** The newest set in full; apply it with {@link AdmissionVerifier#verify(byte[])}. */
    record Full(AdmissionPublisher.Signed signed) implements AdmissionUpdate {
        public Full {
            Require.nonNull("signed", signed);
        }

        /** The envelope's JSON form, what the gateway receives. */
        public byte[] toJson() {
            return signed.toJson();
        }
    }
}
