package dev.damm.core.store;

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

    /** Releases connections and pools; further calls fail. */
    @Override
    void close();
}
