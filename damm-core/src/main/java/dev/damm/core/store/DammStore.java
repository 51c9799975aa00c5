package dev.damm.core.store;

import dev.damm.spi.Require;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.function.Function;

/**
 * The control plane's durable state, reached only through transactions.
 *
 * <p>Isolation, per operation:
 * <ul>
 *   <li>{@link #inTransaction}: atomic (all of {@code work}'s writes become visible together or,
 *       when it throws, none do, and the exception propagates unchanged). The isolation is the
 *       implementation's: {@link InMemoryStore} runs transactions one at a time (serializable);
 *       the JDBC store runs READ COMMITTED by default (SERIALIZABLE when configured), where each
 *       statement sees what was committed when it started and a check of one row followed by a
 *       write of another (write skew) is not prevented by the isolation itself. What holds at any
 *       isolation is enforced by the store: uniqueness (tunnel address, public key, single-use
 *       pass, report id, publication serial; a violation is {@code DammException(CONFLICT)}), and
 *       no lost update of a row read earlier in the same transaction. Implementations may run
 *       {@code work} more than once when the database reports a conflict, so work must have no
 *       side effects outside the store.</li>
 *   <li>{@link #lookupEnrollment}: a read of committed values, possibly stale by the time of the
 *       write; it decides nothing, the write checks again.</li>
 *   <li>{@link #enroll}: atomic, and every rule of {@link EnrollmentWrite} is checked against the
 *       latest committed state with the tier locked, so at every store's default isolation the
 *       session limit is exact (never overshot by concurrent enrollments), a pass enrolls once and
 *       no address is held twice.</li>
 * </ul>
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
