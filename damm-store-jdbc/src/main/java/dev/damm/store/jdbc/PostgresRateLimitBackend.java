package dev.damm.store.jdbc;

import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.ratelimit.RateDecision;
import dev.damm.core.ratelimit.RateLimitBackend;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Token buckets shared by every server on one PostgreSQL: Bucket4j's PostgreSQL backend, each
 * bucket a row of {@code rate_limit_buckets} updated under {@code SELECT ... FOR UPDATE}. With
 * it, a per-address limit of 3 an hour stays 3 an hour however many servers answer.
 *
 * <p>Every decision is one short database transaction. Time comes from the injected clock, so
 * servers must keep their clocks in sync (NTP), as they must for the rest of DAMM. A bucket idle
 * for five minutes past the moment it would be full again is removable with {@link #removeExpired}
 * (schedule it, e.g. every few minutes): a full bucket and no bucket mean the same.
 * Thread-safe.
 */
public final class PostgresRateLimitBackend implements RateLimitBackend {
    private static final int MAX_KEY = 255;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    /**
     * @param keepAfterRefill how long a bucket row stays after it would have refilled completely;
     *     {@link #removeExpired} deletes it after that (Bucket4j judges this by the system clock)
     */
    PostgresRateLimitBackend(DataSource dataSource, Clock clock, Duration keepAfterRefill) {
        Require.nonNull("clock", clock);
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(new AutoCommitDataSource(dataSource))
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepAfterRefill))
                .clientClock(new ClockTimeMeter(clock))
                .build();
    }

    /**
     * Shares {@code store}'s connection pool and schema (its migrations create the table).
     * CONFIGURATION_ERROR when the store is not on PostgreSQL: an H2 file serves one process,
     * which should use {@link dev.damm.core.ratelimit.LocalRateLimitBackend}.
     */
    public static PostgresRateLimitBackend create(JdbcStore store, Clock clock) {
        Require.nonNull("store", store);
        if (store.dialect() != Dialect.POSTGRESQL) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR,
                    "store: shared rate limits need PostgreSQL; use LocalRateLimitBackend with an H2 store");
        }
        return new PostgresRateLimitBackend(store.dataSource(), clock, Duration.ofMinutes(5));
    }

    @Override
    public RateDecision tryConsume(String key, BucketShape shape, long tokens) {
        Require.text("bucket.key", key, MAX_KEY);
        Require.nonNull("bucket.shape", shape);
        Require.range("tokens", tokens, 1, shape.capacity());
        ConsumptionProbe probe;
        try {
            probe = buckets.builder().build(key, () -> configuration(shape)).tryConsumeAndReturnRemaining(tokens);
        } catch (RuntimeException e) {
            // Bucket4j wraps the driver's failure; the key may be a client address, so it stays out.
            throw DammException.retryable(ErrorCode.STORE_UNAVAILABLE, "rateLimit: shared buckets unavailable ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        if (probe.isConsumed()) {
            return new RateDecision.Allowed(probe.getRemainingTokens());
        }
        return new RateDecision.Limited(Duration.ofNanos(probe.getNanosToWaitForRefill()), key);
    }

    /** Deletes up to {@code batchSize} buckets that have refilled completely; returns how many. */
    public int removeExpired(int batchSize) {
        Require.range("batchSize", batchSize, 1, 100_000);
        return buckets.removeExpired(batchSize);
    }

    private static BucketConfiguration configuration(BucketShape shape) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(shape.capacity()).refillGreedy(shape.capacity(), shape.period()).build())
                .build();
    }

    /** Bucket4j's clock, driven by a java.time.Clock. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
