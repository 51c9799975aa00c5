package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.util.Locale;

/**
 * Why a signed document (catalog, root, admission set or delta) was not accepted.
 *
 * <p>The {@link #code()} string is part of the public contract: clients log it and report it, so
 * a constant is never renamed, only added.
 */
public enum RejectionReason {
    /** The bytes are not a well-formed envelope or payload. */
    MALFORMED(ErrorCode.MALFORMED_INPUT),
    /** The input is larger than the configured limit; checked before any parsing. */
    OVERSIZED(ErrorCode.PAYLOAD_TOO_LARGE),
    /** The envelope declares a payload type other than the one expected. */
    WRONG_PAYLOAD_TYPE(ErrorCode.MALFORMED_INPUT),
    /** No signature comes from a key the trusted root lists for this role. */
    UNKNOWN_KEY(ErrorCode.SIGNATURE_INVALID),
    /** A signature from a trusted key does not verify, and the threshold is not met without it. */
    BAD_SIGNATURE(ErrorCode.SIGNATURE_INVALID),
    /** Some trusted keys signed, but fewer than the role's threshold. */
    BELOW_THRESHOLD(ErrorCode.SIGNATURE_INVALID),
    /** The document is past its valid-until time (a freeze or replay of an old document). */
    EXPIRED(ErrorCode.CATALOG_STALE),
    /** The document's issued-at time is further in the future than the clock-skew allowance. */
    NOT_YET_VALID(ErrorCode.SIGNATURE_INVALID),
    /** The serial is lower than the last one accepted for the same scope. */
    ROLLBACK(ErrorCode.SIGNATURE_INVALID),
    /** The document is for another region or access tier than the client asked for. */
    SCOPE_MISMATCH(ErrorCode.SIGNATURE_INVALID),
    /** A newer root is not signed by the thresholds of both the current and the new root, or skips a version. */
    ROOT_CHAIN_BROKEN(ErrorCode.SIGNATURE_INVALID),
    /** The newest trusted root is past its expiry; a fresh root must be fetched. */
    ROOT_EXPIRED(ErrorCode.SIGNATURE_INVALID),
    /**
     * A delta is based on another set than the one held (or none is held, or the held one expired
     * beyond its grace); the full set must be fetched.
     */
    BASE_MISMATCH(ErrorCode.CONFLICT),
    /** A delta applied to the held set does not yield the set whose digest it signed. */
    DIGEST_MISMATCH(ErrorCode.SIGNATURE_INVALID);

    private final ErrorCode errorCode;

    RejectionReason(ErrorCode errorCode) {
        this.errorCode = errorCode;
    }

    /** Returns the stable wire form, e.g. {@code "below_threshold"}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the error code an API answers this rejection with. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Parses the wire form produced by {@link #code()}. */
    public static RejectionReason fromCode(String code) {
        if (code != null) {
            for (RejectionReason r : values()) {
                if (r.code().equals(code)) {
                    return r;
                }
            }
        }
        throw DammException.invalid("rejectionReason", "unknown code '" + Require.printable(code) + "'");
    }
}
