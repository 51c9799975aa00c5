package dev.damm.core.trust;

import dev.damm.spi.Require;

/** The outcome of {@link TrustStore#accept}: the one compare-and-set that records a serial. */
public sealed interface Acceptance permits Acceptance.Accepted, Acceptance.Refused, Acceptance.RootChanged {

    /** Returns whether the document may be used. */
    default boolean accepted() {
        return this instanceof Accepted;
    }

    /**
     * The serial was higher than the stored one (now recorded), or equal with the same payload
     * digest (the same document seen again; nothing changed).
     */
    record Accepted(AcceptedSerial now) implements Acceptance {
        public Accepted {
            Require.nonNull("now", now);
        }
    }

    /** The serial is lower than the stored one, or equal with different content ({@link RejectionReason#ROLLBACK}). */
    record Refused(RejectionReason reason, String detail) implements Acceptance {
        public Refused {
            Require.nonNull("reason", reason);
            Require.nonNull("detail", detail);
        }
    }

    /**
     * The store's root is no longer the one the document was verified against (another verifier
     * followed a newer root meanwhile); verify again under {@code current}.
     */
    record RootChanged(int current) implements Acceptance {}
}
