package dev.damm.store.jdbc;

import java.util.Objects;

/**
 * What a {@link Batcher}'s runner reports for one request of a batch: its result, or the
 * exception that request's caller gets.
 *
 * @param <O> a request's result
 */
sealed interface BatchResult<O> {
    /** The request was done; its caller returns {@code value}. */
    record Done<O>(O value) implements BatchResult<O> {
        public Done {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The request failed; its caller gets {@code error}, unchanged. */
    record Failed<O>(RuntimeException error) implements BatchResult<O> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
