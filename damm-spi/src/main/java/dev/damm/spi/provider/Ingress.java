package dev.damm.spi.provider;

import dev.damm.spi.ErrorCode;

/**
 * Allocates and releases the public surfaces clients connect to: floating IPs, load-balancer
 * listeners, or, for providers that cannot create, configured hosts that are included and excluded.
 *
 * <p><b>Blocking:</b> every method blocks until the provider answered or the configured call
 * timeout passed ({@link ErrorCode#TIMEOUT}). <b>Threads:</b> safe to call from several threads.
 * <b>Nulls:</b> a null argument is rejected with {@link ErrorCode#INVALID_ARGUMENT}; no method
 * returns null.
 */
public interface Ingress {

    /**
     * Allocates or includes a front door for {@code spec}, or returns the one an earlier call with
     * the same {@link FrontDoorSpec#idempotencyKey()} produced.
     */
    FrontDoorRef allocateFrontDoor(FrontDoorSpec spec);

    /** Releases or excludes {@code frontDoor}; releasing one that is already gone succeeds. */
    void releaseFrontDoor(FrontDoorRef frontDoor);
}
