package dev.damm.store.jdbc;

/**
 * Signals that the running transaction lost a race it may win on a second try (serialization
 * failure, deadlock, a row changed since it was read): {@link JdbcStore} rolls back and runs the
 * work again. Never escapes the store.
 */
final class RetryableTransactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryableTransactionException(String message) {
        super(message, null, false, false);
    }
}
