package dev.damm.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception DAMM throws for failures a caller may act on.
 *
 * <p>It carries a stable {@link ErrorCode}, a message that names the offending field or
 * resource, whether retrying the same call may succeed, and, for rate limits, how long to
 * wait. Messages never contain secrets: callers put field names and public values in them,
 * never keys or tokens.
 */
public class DammException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    private final boolean retryable;
    private final Duration retryAfter;

    public DammException(ErrorCode errorCode, String message) {
        this(errorCode, message, false, null, null);
    }

    public DammException(ErrorCode errorCode, String message, Throwable cause) {
        this(errorCode, message, false, null, cause);
    }

    public DammException(ErrorCode errorCode, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** Returns a retryable exception, optionally with the delay the other side asked for. */
    public static DammException retryable(ErrorCode code, String message, Duration retryAfter) {
        return new DammException(code, message, true, retryAfter, null);
    }

    /** Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} naming {@code field}. */
    public static DammException invalid(String field, String problem) {
        return new DammException(ErrorCode.INVALID_ARGUMENT, field + ": " + problem);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The delay the other side asked for before a retry, when it said one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String toString() {
        return "DammException[" + errorCode.code() + (retryable ? ", retryable" : "") + "]: " + getMessage();
    }
}
