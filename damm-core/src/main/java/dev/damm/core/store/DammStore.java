package dev.damm.core.store;

import dev.damm.spi.Require;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.function.Function;

/**
 * The control plane's durable state, reached only through transactions.
 *
 * <p>Every call to {@link #inTransaction} runs {@code work} atomically and in isolation from
 * other transactions (serializable outcome): either all its writes become visible together or,
 * when {@code work} throws, none do, and the exception propagates unchanged. Implementations may
 * run {@code work} more than once when the database reports a serialization conflict, so work
 * must have no side effects outside the store. Uniqueness rules (tunnel address, public key,
 * single-use pass, report id, publication serial) are enforced by the store itself; a violation
 * surfaces as {@code DammException(CONFLICT)}.
 *
 * <p>Thread-safe. The in-memory implementation is {@link InMemoryStore}; the durable ones live in
 * {@code damm-store-jdbc}.
 */
public interface DammStore extends AutoCloseable {

    /** Runs {@code work} in one transaction and returns its result. */
    <T> T inTransaction(Function<StoreTransaction, T> work);

    /**
     * Reads, in one step, what an enrollment with this pass and key needs to know before placing
     * the device; see {@link EnrollmentLookup}. Joins a transaction running on this thread.
     */
    default EnrollmentLookup lookupEnrollment(byte[] passHash, WireGuardKey publicKey) {
        Require.nonNull("passHash", passHash);
        Require.nonNull("publicKey", publicKey);
        return inTransaction(tx -> Enrollments.lookup(tx, passHash, publicKey));
    }

    /**
     * Applies an enrollment atomically if every rule of {@link EnrollmentWrite} holds, and says
     * which rule stopped it otherwise (then nothing was written). Runs as a transaction of its
     * own, or joins one running on this thread. A store may commit several concurrent callers'
     * enrollments together; each caller returns only once its own enrollment is durable, and one
     * enrollment's refusal never affects another's.
     */
    default EnrollmentOutcome enroll(EnrollmentWrite write) {
        Require.nonNull("write", write);
        return inTransaction(tx -> Enrollments.apply(tx, write));
    }

    /** Releases connections and pools; further calls fail. */
    @Override
    void close();
}
