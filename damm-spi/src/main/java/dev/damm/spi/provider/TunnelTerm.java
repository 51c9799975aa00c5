package dev.damm.spi.provider;

import dev.damm.spi.ErrorCode;

/**
 * Registers and retires the provider's managed tunnels that DAMM redirects traffic through.
 *
 * <p><b>Blocking:</b> every method blocks until the provider answered or the configured call
 * timeout passed ({@link ErrorCode#TIMEOUT}). <b>Threads:</b> safe to call from several threads.
 * <b>Nulls:</b> a null argument is rejected with {@link ErrorCode#INVALID_ARGUMENT}; no method
 * returns null.
 */
public interface TunnelTerm {

    /**
     * Registers a tunnel for {@code spec}, or returns the one an earlier call with the same
     * {@link TunnelSpec#idempotencyKey()} registered.
     */
    TunnelRef registerTunnel(TunnelSpec spec);

    /** Retires {@code tunnel}; retiring a tunnel that is already gone succeeds. */
    void retireTunnel(TunnelRef tunnel);
}
