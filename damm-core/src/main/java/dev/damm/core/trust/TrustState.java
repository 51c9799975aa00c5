package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The state behind both trust stores, with the monotonicity rules in one place. Not thread-safe. */
final class TrustState {
    private TrustedRoot root;
    private final Map<String, AcceptedSerial> accepted = new TreeMap<>();

    TrustState(TrustedRoot root) {
        this.root = Require.nonNull("root", root);
    }

    TrustState copy() {
        TrustState c = new TrustState(root);
        c.accepted.putAll(accepted);
        return c;
    }

    TrustedRoot root() {
        return root;
    }

    Map<String, AcceptedSerial> accepted() {
        return accepted;
    }

    void replaceRoot(TrustedRoot newer) {
        Require.nonNull("root", newer);
        if (newer.version() <= root.version()) {
            throw new DammException(ErrorCode.CONFLICT,
                    "root.version: must be above the stored " + root.version() + ", was " + newer.version());
        }
        KeyQuorum catalogKeys = newer.document().catalogKeys();
        // Fast-forward recovery (TUF): a serial vouched for by keys the new root removed from the
        // catalog role no longer binds, or a stolen key's Long.MAX_VALUE would block the publisher for ever.
        if (!catalogKeys.equals(root.document().catalogKeys())) {
            accepted.values().removeIf(s -> !s.bindsUnder(catalogKeys));
        }
        root = newer;
    }

    Optional<AcceptedSerial> lastAccepted(String scope) {
        return Optional.ofNullable(accepted.get(checkScope(scope)));
    }

    /** The compare-and-set rule; changes nothing, returns what {@link #record} would do. */
    Acceptance decide(String scope, AcceptedSerial next, int rootVersion) {
        checkScope(scope);
        Require.nonNull("accepted", next);
        if (rootVersion != root.version()) {
            return new Acceptance.RootChanged(root.version());
        }
        AcceptedSerial last = accepted.get(scope);
        if (last == null || next.serial() > last.serial()) {
            return new Acceptance.Accepted(next);
        }
        if (next.serial() == last.serial()) {
            return next.payloadSha256().equals(last.payloadSha256())
                    ? new Acceptance.Accepted(last)
                    : new Acceptance.Refused(RejectionReason.ROLLBACK,
                            "serial: " + next.serial() + " was already accepted for " + scope + " with different content");
        }
        return new Acceptance.Refused(RejectionReason.ROLLBACK,
                "serial: " + next.serial() + " is below the last accepted " + last.serial() + " for " + scope);
    }

    /** Applies an {@link Acceptance.Accepted} from {@link #decide}. */
    void record(String scope, AcceptedSerial now) {
        accepted.put(checkScope(scope), now);
    }

    static String checkScope(String scope) {
        return Require.matches("scope", scope, TrustStore.SCOPE_KEY, 128, "a scope key such as eu-central/standard");
    }
}
