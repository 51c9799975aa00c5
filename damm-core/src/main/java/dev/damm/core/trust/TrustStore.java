package dev.damm.core.trust;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client remembers between runs to refuse rollbacks: the current root of trust and, per
 * scope, the newest accepted serial with the keys that vouched for it.
 *
 * <p>Implementations are thread-safe and make each change durable before returning. A root is
 * only ever replaced by a higher version (a lower or equal one throws
 * {@link dev.damm.spi.DammException} with {@link dev.damm.spi.ErrorCode#CONFLICT}). A serial is
 * recorded only by {@link #accept}, one compare-and-set decided under the store's lock.
 *
 * <p><b>Fast-forward recovery.</b> Whoever steals an online catalog key can sign a catalog with
 * the highest possible serial; remembered for ever, it would make every later legitimate catalog
 * a rollback. So, as TUF prescribes for a role whose keys a new root changes, replacing the root
 * forgets every stored serial that no longer binds: one whose vouching keys that the new root
 * still lists for the catalog role fall below that role's threshold. The publisher's next
 * catalog is then accepted whatever its serial, and the stolen key is worthless. Serials vouched
 * for by keys the new root keeps are kept, so a root rotation that keeps the catalog keys keeps
 * rollback protection.
 */
public interface TrustStore {
    /** Shape of a scope key: lower-case letters, digits and {@code / _ . : -}, up to 128 characters. */
    Pattern SCOPE_KEY = Pattern.compile("[a-z0-9][a-z0-9/_.:-]{0,127}");

    /** Returns the current root. */
    TrustedRoot root();

    /** Replaces the current root with a newer version, forgetting the serials that no longer bind under it. */
    void replaceRoot(TrustedRoot newer);

    /** Returns the newest accepted serial for {@code scope}, if any. */
    Optional<AcceptedSerial> lastAccepted(String scope);

    /**
     * Records {@code candidate} for {@code scope} if it was verified under the current root
     * (version {@code rootVersion}) and its serial is higher than the stored one, or equal with the
     * same payload digest; decided and made durable under the store's lock, so two verifiers
     * sharing a store can never both accept different content under one serial.
     */
    Acceptance accept(String scope, AcceptedSerial candidate, int rootVersion);
}
