package dev.damm.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.ratelimit.AdaptiveRateLimiter;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.ratelimit.RateDecision;
import dev.damm.core.store.StoreFixtures;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two servers (two pools) on one PostgreSQL share one set of buckets. */
class PostgresRateLimitBackendTest {
    private static String url;
    private final MutableClock clock = new MutableClock(StoreFixtures.T0);
    private JdbcStore serverA;
    private JdbcStore serverB;
    private PostgresRateLimitBackend limitsA;
    private PostgresRateLimitBackend limitsB;

    @BeforeAll
    static void createDatabase() {
        url = SharedPostgres.newDatabase("ratelimit");
    }

    @BeforeEach
    void openTwoServers() {
        serverA = JdbcStore.open(SharedPostgres.config(url).poolName("server-a").build());
        serverB = JdbcStore.open(SharedPostgres.config(url).poolName("server-b").build());
        StoreTables.emptyBuckets(serverA);
        limitsA = PostgresRateLimitBackend.create(serverA, clock);
        limitsB = PostgresRateLimitBackend.create(serverB, clock);
    }

    @AfterEach
    void close() {
        serverA.close();
        serverB.close();
    }

    @Test
    void theCallAfterTheLimitIsRefusedWhicheverServerItReaches() {
        BucketShape threePerHour = BucketShape.perHour(3);
        assertEquals(new RateDecision.Allowed(2), limitsA.tryConsume("mint:addr:198.51.100.7", threePerHour, 1));
        assertEquals(new RateDecision.Allowed(1), limitsB.tryConsume("mint:addr:198.51.100.7", threePerHour, 1));
        assertEquals(new RateDecision.Allowed(0), limitsA.tryConsume("mint:addr:198.51.100.7", threePerHour, 1));
        RateDecision fourth = limitsB.tryConsume("mint:addr:198.51.100.7", threePerHour, 1);
        RateDecision.Limited limited = assertInstanceOf(RateDecision.Limited.class, fourth);
        assertEquals("mint:addr:198.51.100.7", limited.bucket());
        assertTrue(limited.retryAfter().compareTo(Duration.ofMinutes(19)) > 0, limited.retryAfter().toString());
        // Another address has its own bucket.
        assertTrue(limitsB.tryConsume("mint:addr:198.51.100.8", threePerHour, 1).allowed());
        // Tokens come back with time, on both servers.
        clock.advance(Duration.ofMinutes(21));
        assertTrue(limitsB.tryConsume("mint:addr:198.51.100.7", threePerHour, 1).allowed());
        assertFalse(limitsA.tryConsume("mint:addr:198.51.100.7", threePerHour, 1).allowed());
    }

    @Test
    void anAdaptiveLimiterOnTwoServersEnforcesOneGlobalBudget() {
        BucketShape perAddress = BucketShape.perHour(100);
        BucketShape surge = BucketShape.perHour(1);
        BucketShape global = BucketShape.perHour(4);
        AdaptiveRateLimiter onA = new AdaptiveRateLimiter(limitsA, "mint", perAddress, surge, global);
        AdaptiveRateLimiter onB = new AdaptiveRateLimiter(limitsB, "mint", perAddress, surge, global);
        for (int i = 0; i < 2; i++) {
            assertTrue(onA.tryAcquire("203.0.113.1").allowed());
            assertTrue(onB.tryAcquire("203.0.113.2").allowed());
        }
        // The shared global budget is spent: each address is down to its surge allowance of one.
        assertTrue(onA.tryAcquire("203.0.113.1").allowed());
        assertFalse(onB.tryAcquire("203.0.113.1").allowed());
    }

    @Test
    void bucketsThatHaveRefilledCanBeRemoved() throws InterruptedException {
        // Bucket4j decides expiry by the system clock, so this bucket refills in real milliseconds.
        PostgresRateLimitBackend quick = new PostgresRateLimitBackend(serverA.dataSource(), java.time.Clock.systemUTC(), Duration.ZERO);
        BucketShape fast = new BucketShape(5, Duration.ofMillis(200));
        quick.tryConsume("enroll:addr:a", fast, 1);
        quick.tryConsume("enroll:addr:b", fast, 1);
        limitsA.tryConsume("enroll:addr:c", BucketShape.perHour(5), 1);
        assertEquals(3, StoreTables.count(serverA, "SELECT count(*) FROM rate_limit_buckets"));
        long removed = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (removed < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            removed += limitsB.removeExpired(100);
        }
        assertEquals(2, removed);
        // The hour-long bucket is still needed, and still there.
        assertEquals(1, StoreTables.count(serverA, "SELECT count(*) FROM rate_limit_buckets"));
        assertFalse(limitsA.tryConsume("enroll:addr:c", BucketShape.perHour(5), 5).allowed());
    }

    @Test
    void refusesAnH2StoreWhichServesOneProcess(@TempDir Path dir) {
        try (JdbcStore h2 = JdbcStore.h2File(dir)) {
            DammException e = assertThrows(DammException.class, () -> PostgresRateLimitBackend.create(h2, clock));
            assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        }
    }
}
