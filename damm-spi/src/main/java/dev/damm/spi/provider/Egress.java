package dev.damm.spi.provider;

import dev.damm.spi.ErrorCode;

/**
 * Allocates and releases the outbound addresses traffic leaves through.
 *
 * <p><b>Blocking:</b> every method blocks until the provider answered or the configured call
 * timeout passed ({@link ErrorCode#TIMEOUT}). <b>Threads:</b> safe to call from several threads.
 * <b>Nulls:</b> a null argument is rejected with {@link ErrorCode#INVALID_ARGUMENT}; no method
 * returns null.
 */
public interface Egress {

    /**
     * Allocates or includes an egress address for {@code spec}, or returns the one an earlier call
     * with the same {@link EgressIpSpec#idempotencyKey()} produced.
     */
    EgressIpRef allocateEgressIp(EgressIpSpec spec);

    /** Releases or excludes {@code egressIp}; releasing one that is already gone succeeds. */
    void releaseEgressIp(EgressIpRef egressIp);
}
