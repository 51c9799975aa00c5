package dev.damm.core.trust;

import dev.damm.spi.Require;
import java.util.Set;

/** The outcome of checking a DSSE envelope against a payload type and a key quorum. */
public sealed interface DsseVerification permits DsseVerification.Verified, DsseVerification.Rejected {

    /** Returns whether the envelope met the threshold. */
    default boolean verified() {
        return this instanceof Verified;
    }

    /**
     * The envelope has the expected payload type and valid signatures from at least the
     * threshold of distinct trusted keys.
     *
     * @param envelope the parsed envelope; its payload is what was signed
     * @param signers the trusted keys whose signatures verified
     */
    record Verified(DsseEnvelope envelope, Set<KeyId> signers) implements DsseVerification {
        public Verified {
            Require.nonNull("envelope", envelope);
            signers = Set.copyOf(Require.nonNull("signers", signers));
        }
    }

    /** The envelope was not accepted, for {@code reason}; {@code detail} is safe to log. */
    record Rejected(RejectionReason reason, String detail) implements DsseVerification {
        public Rejected {
            Require.nonNull("reason", reason);
            Require.nonNull("detail", detail);
        }
    }
}
