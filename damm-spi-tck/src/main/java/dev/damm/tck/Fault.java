package dev.damm.tck;

import dev.damm.spi.ErrorCode;
import java.time.Duration;

/**
 * A failure the TCK asks a {@link FaultInjector} to make the provider side produce, with the HTTP
 * answer a real provider would give and the {@link ErrorCode} the adapter must turn it into.
 */
public enum Fault {
    /** HTTP 401: the token is wrong or revoked. */
    AUTH_FAILED(401, ErrorCode.PROVIDER_AUTH_FAILED, false),
    /** HTTP 404: the resource does not exist. */
    NOT_FOUND(404, ErrorCode.PROVIDER_NOT_FOUND, false),
    /** HTTP 409: the request conflicts with existing state. */
    CONFLICT(409, ErrorCode.PROVIDER_CONFLICT, false),
    /** HTTP 422: the provider rejected the request as invalid. */
    INVALID_REQUEST(422, ErrorCode.PROVIDER_INVALID_REQUEST, false),
    /** HTTP 429 with {@code Retry-After: 7}: the adapter must report a retryable rate limit of 7 s. */
    RATE_LIMITED(429, ErrorCode.PROVIDER_RATE_LIMITED, true),
    /** HTTP 503: the provider is down. */
    UNAVAILABLE(503, ErrorCode.PROVIDER_UNAVAILABLE, true),
    /**
     * No answer within the adapter's call timeout: the provider side holds the request for longer
     * than {@link dev.damm.spi.provider.ProviderConfig#callTimeout()}.
     */
    SLOW(0, ErrorCode.TIMEOUT, true);

    /** The delay {@link #RATE_LIMITED} advertises in {@code Retry-After}. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(7);

    private final int httpStatus;
    private final ErrorCode expected;
    private final boolean retryable;

    Fault(int httpStatus, ErrorCode expected, boolean retryable) {
        this.httpStatus = httpStatus;
        this.expected = expected;
        this.retryable = retryable;
    }

    /** The HTTP status a provider answers with; 0 for {@link #SLOW}, which never answers in time. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The code the adapter must throw. */
    public ErrorCode expected() {
        return expected;
    }

    /** Whether the thrown exception must be marked retryable. */
    public boolean retryable() {
        return retryable;
    }
}
