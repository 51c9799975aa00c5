package dev.damm.spi.provider;

import dev.damm.spi.ErrorCode;

/**
 * Publishes and retires CDN-fronted hostnames that forward to DAMM gateways, so a censor has to
 * block the whole CDN to block the gateway.
 *
 * <p><b>Blocking:</b> every method blocks until the provider answered or the configured call
 * timeout passed ({@link ErrorCode#TIMEOUT}). <b>Threads:</b> safe to call from several threads.
 * <b>Nulls:</b> a null argument is rejected with {@link ErrorCode#INVALID_ARGUMENT}; no method
 * returns null.
 */
public interface CdnFront {

    /**
     * Publishes a front for {@code spec}, or returns the one an earlier call with the same
     * {@link FrontSpec#idempotencyKey()} published.
     */
    FrontRef publishFront(FrontSpec spec);

    /** Retires {@code front}; retiring a front that is already gone succeeds. */
    void retireFront(FrontRef front);
}
