package dev.damm.core.trust;

import dev.damm.spi.Require;

/** The outcome of pinning a root or following the chain to a newer one. */
public sealed interface RootUpdate permits RootUpdate.Accepted, RootUpdate.Rejected {

    /** Returns whether the root was accepted. */
    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** The root (the newest one, when following a chain) is now trusted. */
    record Accepted(TrustedRoot root) implements RootUpdate {
        public Accepted {
            Require.nonNull("root", root);
        }
    }

    /** The root was refused for {@code reason}; {@code detail} is safe to log. */
    record Rejected(RejectionReason reason, String detail) implements RootUpdate {
        public Rejected {
            Require.nonNull("reason", reason);
            Require.nonNull("detail", detail);
        }
    }
}
