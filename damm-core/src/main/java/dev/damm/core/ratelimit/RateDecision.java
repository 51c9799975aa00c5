package dev.damm.core.ratelimit;

import java.time.Duration;

/** The answer to "may this caller go ahead now?". */
public sealed interface RateDecision permits RateDecision.Allowed, RateDecision.Limited {

    /** Go ahead; {@code remaining} tokens are left in the tightest bucket consulted. */
    record Allowed(long remaining) implements RateDecision {}

    /** Refused; trying again after {@code retryAfter} may succeed. */
    record Limited(Duration retryAfter, String bucket) implements RateDecision {}

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
