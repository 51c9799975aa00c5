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

    TrustedRoot root() {
        return root;
    }

    Map<String, AcceptedSerial> accepted() {
        return accepted;
    }

    void checkReplaceRoot(TrustedRoot newer) {
        Require.nonNull("root", newer);
        if (newer.version() <= root.version()) {
            throw new DammException(ErrorCode.CONFLICT,
                    "root.version: must be above the stored " + root.version() + ", was " + newer.version());
        }
    }

    void replaceRoot(TrustedRoot newer) {
        checkReplaceRoot(newer);
        root = newer;
    }

    Optional<AcceptedSerial> lastAccepted(String scope) {
        return Optional.ofNullable(accepted.get(checkScope(scope)));
    }

    void checkRecord(String scope, AcceptedSerial next) {
        checkScope(scope);
        Require.nonNull("accepted", next);
        AcceptedSerial last = accepted.get(scope);
        if (last != null && next.serial() < last.serial()) {
            throw new DammException(ErrorCode.CONFLICT,
                    "serial: must not go below the stored " + last.serial() + " for scope " + scope + ", was " + next.serial());
        }
    }

    void record(String scope, AcceptedSerial next) {
        checkRecord(scope, next);
        accepted.put(scope, next);
    }

    static String checkScope(String scope) {
        return Require.matches("scope", scope, TrustStore.SCOPE_KEY, 128, "a scope key such as eu-central/standard");
    }
}
