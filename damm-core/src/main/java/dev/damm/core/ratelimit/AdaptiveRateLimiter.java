package dev.damm.core.ratelimit;

import dev.damm.spi.Require;

/**
 * Per-client-address limits that tighten by themselves under a global surge, so a flood of install
 * requests from many addresses slows every address down while a quiet day leaves each one its full rate.
 *
 * <p>Every request takes a token from the address's normal bucket and from a global bucket sized
 * to the mint rate the operator considers normal. While the global bucket is empty, the system
 * is in a surge, and requests must also take a token from the address's much smaller tight
 * bucket. When the surge passes, the global bucket refills and the tight buckets stop being
 * consulted: the limit relaxes without anyone touching it. Legitimate visitors get a clear
 * {@link RateDecision.Limited} with a retry time, not a captcha.
 */
public final class AdaptiveRateLimiter {
    private final RateLimitBackend backend;
    private final String name;
    private final BucketShape perAddress;
    private final BucketShape perAddressInSurge;
    private final BucketShape global;

    /**
     * @param name the action being limited, e.g. {@code mint} or {@code enroll}; part of bucket keys
     * @param perAddress the normal per-address limit
     * @param perAddressInSurge the tighter per-address limit during a surge
     * @param global the global rate above which a surge begins
     */
    public AdaptiveRateLimiter(RateLimitBackend backend, String name, BucketShape perAddress, BucketShape perAddressInSurge, BucketShape global) {
        this.backend = Require.nonNull("backend", backend);
        this.name = Require.matches("name", name, dev.damm.core.internal.model.Shapes.LOWER_NAME, 32, "a lower-case name");
        this.perAddress = Require.nonNull("perAddress", perAddress);
        this.perAddressInSurge = Require.nonNull("perAddressInSurge", perAddressInSurge);
        this.global = Require.nonNull("global", global);
    }

    /** Decides for one request from {@code clientAddress} (any stable string: an IP, a /64). */
    public RateDecision tryAcquire(String clientAddress) {
        Require.text("clientAddress", clientAddress, 64);
        RateDecision normal = backend.tryConsume(name + ":addr:" + clientAddress, perAddress, 1);
        if (!normal.allowed()) {
            return normal;
        }
        RateDecision globalDecision = backend.tryConsume(name + ":global", global, 1);
        if (globalDecision.allowed()) {
            return normal;
        }
        // Surge: the global budget is spent, so each address gets only the tight allowance.
        return backend.tryConsume(name + ":surge:" + clientAddress, perAddressInSurge, 1);
    }
}
