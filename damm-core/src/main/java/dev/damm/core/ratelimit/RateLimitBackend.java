package dev.damm.core.ratelimit;

/**
 * Where token buckets live. {@link LocalRateLimitBackend} keeps them in this process; a shared
 * backend (Bucket4j on PostgreSQL in {@code damm-store-jdbc}) lets several servers share one
 * limit, so a second server does not double what one address may mint: a per-address limit holds
 * for the whole deployment, however many servers answer.
 *
 * <p>Implementations are thread-safe. A bucket is created on first use with {@code shape}; a key
 * must always be used with the same shape.
 */
public interface RateLimitBackend {

    /** Takes {@code tokens} from the bucket named {@code key} if it has them. */
    RateDecision tryConsume(String key, BucketShape shape, long tokens);
}
