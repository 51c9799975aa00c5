package dev.damm.core.catalog;

import dev.damm.core.trust.KeyId;
import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.Require;
import java.util.Set;

/** The outcome of verifying a signed catalog on a client. */
public sealed interface Verification permits Verification.Trusted, Verification.Rejected {

    /** Returns whether the catalog may be used. */
    default boolean trusted() {
        return this instanceof Trusted;
    }

    /**
     * The catalog is signed by the current root's catalog keys, for this client's scope, within
     * its validity, and not older than the last one accepted.
     *
     * @param catalog the verified payload
     * @param stale true when past fresh-until (but before valid-until): use it, and refetch
     * @param signers the catalog keys whose signatures verified
     * @param rootVersion the version of the root it was checked against
     */
    record Trusted(Catalog catalog, boolean stale, Set<KeyId> signers, int rootVersion) implements Verification {
        public Trusted {
            Require.nonNull("catalog", catalog);
            signers = Set.copyOf(Require.nonNull("signers", signers));
        }
    }

    /** The catalog must not be used, for {@code reason}; {@code detail} is safe to log. */
    record Rejected(RejectionReason reason, String detail) implements Verification {
        public Rejected {
            Require.nonNull("reason", reason);
            Require.nonNull("detail", detail);
        }
    }
}
