package dev.damm.spi.provider;

import dev.damm.spi.ErrorCode;

/**
 * Enrolls DAMM nodes in a provider's private overlay network, such as a tailnet, and removes them.
 *
 * <p><b>Blocking:</b> every method blocks until the provider answered or the configured call
 * timeout passed ({@link ErrorCode#TIMEOUT}). <b>Threads:</b> safe to call from several threads.
 * <b>Nulls:</b> a null argument is rejected with {@link ErrorCode#INVALID_ARGUMENT}; no method
 * returns null.
 */
public interface Overlay {

    /**
     * Enrolls the node {@code spec} names, or returns the membership an earlier call with the same
     * {@link OverlaySpec#idempotencyKey()} produced.
     */
    OverlayMembership joinOverlay(OverlaySpec spec);

    /** Removes {@code membership}; leaving a membership that is already gone succeeds. */
    void leaveOverlay(OverlayMembership membership);
}
