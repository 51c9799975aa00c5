package dev.damm.spi;

import java.util.Locale;

/**
 * Stable error codes that DAMM returns to callers, clients and operators.
 *
 * <p>The {@link #code()} string is part of the public contract: HTTP bodies, logs and client
 * code match on it, so a constant is never renamed, only added. Each constant states the HTTP
 * status the reference server answers it with.
 */
public enum ErrorCode {
    // ---- input -------------------------------------------------------------------------
    /** A field is missing, blank, too long, out of range or otherwise malformed. */
    INVALID_ARGUMENT(400),
    /** A document (JSON, WireGuard .conf, envelope) could not be parsed. */
    MALFORMED_INPUT(400),
    /** A body or document is larger than the limit for its kind. */
    PAYLOAD_TOO_LARGE(413),
    /** Something shaped like a private key was sent where only public material is allowed. */
    PRIVATE_KEY_REFUSED(400),

    // ---- identity and access ----------------------------------------------------------
    /** Credentials are missing or wrong. */
    UNAUTHENTICATED(401),
    /** Credentials are valid but do not allow this action. */
    PERMISSION_DENIED(403),
    /** An install pass is unknown, expired or already used. */
    INSTALL_PASS_INVALID(403),
    /** The caller exceeded a rate limit; retry later. */
    RATE_LIMITED(429),

    // ---- lifecycle ----------------------------------------------------------------------
    /** The thing asked for does not exist. */
    NOT_FOUND(404),
    /** The request conflicts with current state (duplicate key, already exists). */
    CONFLICT(409),
    /** The device was revoked; it must enroll again. */
    DEVICE_REVOKED(403),
    /** The device is suspended by an admin. */
    DEVICE_SUSPENDED(403),
    /** The device used up its byte quota and is suspended until the quota resets. */
    DEVICE_OVER_QUOTA(403),
    /** A gateway sent a heartbeat or report before registering. */
    GATEWAY_NOT_REGISTERED(409),

    // ---- placement and capacity ------------------------------------------------------
    /** No registered gateway with a fresh heartbeat can serve the request. */
    NO_HEALTHY_GATEWAY(503),
    /** The requested region cannot be served and policy forbids substitution. */
    REGION_UNAVAILABLE(503),
    /** The requested exit country cannot be served and policy forbids substitution. */
    EXIT_COUNTRY_UNAVAILABLE(503),
    /** The access tier does not allow the requested region or exit country. */
    POLICY_DENIED(403),
    /** Failover asked for another front door and there is none. */
    NO_ALTERNATE_FRONT_DOOR(503),
    /** The tunnel address pool has no free address. */
    ADDRESS_POOL_EXHAUSTED(503),
    /** The tier's session limit is reached. */
    SESSION_LIMIT_REACHED(403),

    // ---- catalog and trust -----------------------------------------------------------
    /** A catalog is past its fresh-until time and must be refetched. */
    CATALOG_STALE(503),
    /** A signed document failed verification. */
    SIGNATURE_INVALID(400),

    // ---- providers and orchestration --------------------------------------------------
    /** A provider rejected our credentials. */
    PROVIDER_AUTH_FAILED(502),
    /** A provider answered that a resource does not exist. */
    PROVIDER_NOT_FOUND(404),
    /** A provider answered that the request conflicts with existing state. */
    PROVIDER_CONFLICT(409),
    /** A provider rejected the request as invalid. */
    PROVIDER_INVALID_REQUEST(502),
    /** A provider rate-limited us; retry after the advertised delay. */
    PROVIDER_RATE_LIMITED(503),
    /** A provider is down or answered 5xx; retryable. */
    PROVIDER_UNAVAILABLE(503),
    /** A call did not finish within its timeout. */
    TIMEOUT(504),
    /** A plug-in asked for does not support the capability. */
    CAPABILITY_UNSUPPORTED(501),
    /** A plan exceeds a policy cap (count, spend, provider or region allow-list). */
    POLICY_CAP_EXCEEDED(409),
    /** Configuration is inconsistent (duplicate plug-in ids, SPI mismatch, missing key). */
    CONFIGURATION_ERROR(500),

    // ---- storage ------------------------------------------------------------------------
    /** The durable store cannot be reached (database down, pool exhausted); retryable. */
    STORE_UNAVAILABLE(503),

    // ---- last resort -------------------------------------------------------------------
    /** An unexpected fault inside DAMM; never used for bad input. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** Returns the stable wire form, e.g. {@code "no_healthy_gateway"}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the HTTP status the reference server answers this error with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Parses the wire form produced by {@link #code()}. */
    public static ErrorCode fromCode(String code) {
        if (code == null) {
            throw new DammException(INVALID_ARGUMENT, "error code: must not be null");
        }
        try {
            return valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DammException(INVALID_ARGUMENT, "error code: unknown '" + code + "'");
        }
    }
}
