package dev.damm.core.trust;

import java.util.Optional;

/** A {@link TrustStore} that forgets everything when the process ends; for tests and short-lived tools. Thread-safe. */
public final class InMemoryTrustStore implements TrustStore {
    private final TrustState state;

    /** Creates a store holding the root pinned at enrollment. */
    public InMemoryTrustStore(TrustedRoot pinned) {
        this.state = new TrustState(pinned);
    }

    @Override
    public synchronized TrustedRoot root() {
        return state.root();
    }

    @Override
    public synchronized void replaceRoot(TrustedRoot newer) {
        state.replaceRoot(newer);
    }

    @Override
    public synchronized Optional<AcceptedSerial> lastAccepted(String scope) {
        return state.lastAccepted(scope);
    }

    @Override
    public synchronized Acceptance accept(String scope, AcceptedSerial candidate, int rootVersion) {
        Acceptance a = state.decide(scope, candidate, rootVersion);
        if (a instanceof Acceptance.Accepted ok) {
            state.record(scope, ok.now());
        }
        return a;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryTrustStore[root v" + state.root().version() + ", scopes=" + state.accepted().keySet() + "]";
    }
}
