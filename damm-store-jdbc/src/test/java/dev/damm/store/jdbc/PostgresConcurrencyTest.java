package dev.damm.store.jdbc;

import static dev.damm.core.store.StoreFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.store.InstallPass;
import dev.damm.core.store.Publication;
import dev.damm.core.store.StoreFixtures;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two "servers" (two stores, two connection pools) on one PostgreSQL, racing: the database, not
 * Java, keeps addresses unique, passes single-use, serials unrepeated and counters exact.
 */
class PostgresConcurrencyTest {
    private static String url;
    private JdbcStore serverA;
    private JdbcStore serverB;
    private ExecutorService threads;

    @BeforeAll
    static void createDatabase() {
        url = SharedPostgres.newDatabase("concurrency");
    }

    @BeforeEach
    void openTwoServers() {
        serverA = JdbcStore.open(SharedPostgres.config(url).poolSize(8).maxRetries(30).poolName("server-a").build());
        StoreTables.empty(serverA);
        serverB = JdbcStore.open(SharedPostgres.config(url).poolSize(8).maxRetries(30).poolName("server-b").build());
        StoreEnrollmentFixture.seed(serverA);
        threads = Executors.newFixedThreadPool(50);
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        serverA.close();
        serverB.close();
    }

    private JdbcStore server(int i) {
        return i % 2 == 0 ? serverA : serverB;
    }

    /** Starts every task at once and returns their results (or rethrows the first failure). */
    private <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(threads.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void parallelEnrollmentsOnTwoServersNeverShareAnAddress() throws Exception {
        int workers = 16;
        int perWorker = 25;
        StoreEnrollmentFixture.mintPasses(serverA, 0, (long) workers * perWorker);
        List<Callable<List<Device>>> tasks = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            tasks.add(() -> {
                List<Device> mine = new ArrayList<>();
                for (int i = 0; i < perWorker; i++) {
                    long n = (long) worker * perWorker + i;
                    mine.add(StoreEnrollmentFixture.enroll(server(worker), StoreFixtures.pass(n).secretHash(), n, T0));
                }
                return mine;
            });
        }
        List<Device> enrolled = race(tasks).stream().flatMap(List::stream).toList();

        int total = workers * perWorker;
        Set<Long> offsets = new HashSet<>();
        for (Device d : enrolled) {
            assertTrue(offsets.add(StoreEnrollmentFixture.offsetOf(d)), "address handed out twice: " + d.tunnelAddresses());
        }
        // Dense as well as unique: the lowest free addresses were used, none skipped.
        assertEquals(LongStream.range(StoreEnrollmentFixture.FIRST, StoreEnrollmentFixture.FIRST + total).boxed().toList(),
                offsets.stream().sorted().toList());
        assertEquals((long) total, (long) serverB.inTransaction(tx -> tx.devices().count()));
        assertEquals(total, StoreTables.count(serverA, "SELECT count(DISTINCT tunnel_addresses) FROM devices"));
        assertEquals(total, StoreTables.count(serverA, "SELECT count(*) FROM address_leases WHERE released_at IS NULL"));
    }

    @Test
    void aPassEnrollsExactlyOnceWhenFiftyThreadsRaceForIt() throws Exception {
        InstallPass pass = StoreEnrollmentFixture.mintPass(serverA, 7);
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = 100 + i;
            tasks.add(() -> {
                try {
                    return StoreEnrollmentFixture.enroll(server(n), pass.secretHash(), n, T0).id().value();
                } catch (DammException e) {
                    return e.errorCode().code();
                }
            });
        }
        List<String> outcomes = race(tasks);
        List<String> winners = outcomes.stream().filter(o -> o.startsWith("dev-")).toList();
        assertEquals(1, winners.size(), outcomes.toString());
        assertEquals(49, outcomes.stream().filter(ErrorCode.INSTALL_PASS_INVALID.code()::equals).count(), outcomes.toString());
        assertEquals(1L, (long) serverA.inTransaction(tx -> tx.devices().count()));
        assertEquals(1, StoreTables.count(serverA, "SELECT count(*) FROM address_leases"));
        InstallPass used = serverB.inTransaction(tx -> tx.installPasses().find(pass.id())).orElseThrow();
        assertEquals(DeviceId.of(winners.get(0)), used.usedBy().orElseThrow());
    }

    @Test
    void concurrentPublicationsNeverRepeatASerial() throws Exception {
        ConcurrentLinkedQueue<Long> won = new ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            int worker = w;
            tasks.add(() -> {
                for (int i = 0; i < 15; i++) {
                    try {
                        long serial = server(worker).inTransaction(tx -> {
                            long next = tx.publications().lastSerial("catalog", "eu-central").orElse(0) + 1;
                            tx.publications().record(new Publication("catalog", "eu-central", next, "a".repeat(64), T0));
                            return next;
                        });
                        won.add(serial);
                    } catch (DammException e) {
                        assertEquals(ErrorCode.CONFLICT, e.errorCode(), e.getMessage());
                        refused.incrementAndGet();
                    }
                }
                return null;
            });
        }
        race(tasks);
        List<Long> serials = won.stream().sorted().toList();
        assertEquals(serials.size(), new HashSet<>(serials).size(), "a serial was recorded twice: " + serials);
        assertEquals(LongStream.rangeClosed(1, serials.size()).boxed().toList(), serials);
        assertEquals(16 * 15, serials.size() + refused.get());
        assertEquals(serials.size(), StoreTables.count(serverA, "SELECT count(*) FROM publications"));
        assertEquals(serials.get(serials.size() - 1), serverB.inTransaction(tx -> tx.publications().lastSerial("catalog", "eu-central")).getAsLong());
    }

    @Test
    void concurrentReadModifyWritesOfOneDeviceLoseNoUpdate() throws Exception {
        Device d = StoreFixtures.device(1);
        serverA.inTransaction(tx -> {
            tx.devices().insert(d);
            return null;
        });
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            int worker = w;
            tasks.add(() -> {
                for (int i = 0; i < 10; i++) {
                    server(worker).inTransaction(tx -> {
                        Device cur = tx.devices().find(d.id()).orElseThrow();
                        tx.devices().update(cur.toBuilder().usage(cur.rxBytes() + 1, cur.txBytes() + 2).build());
                        return null;
                    });
                }
                return null;
            });
        }
        race(tasks);
        Device after = serverB.inTransaction(tx -> tx.devices().find(d.id())).orElseThrow();
        assertEquals(160, after.rxBytes());
        assertEquals(320, after.txBytes());
    }

    @Test
    void aDeadlockBetweenTwoServersIsResolvedByReRunningTheLoser() throws Exception {
        Device a = StoreFixtures.device(1);
        Device b = StoreFixtures.device(2);
        serverA.inTransaction(tx -> {
            tx.devices().insert(a);
            tx.devices().insert(b);
            return null;
        });
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch secondLocked = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        // Opposite lock order; blind updates, so only the deadlock can make a transaction re-run.
        Callable<Void> one = () -> serverA.inTransaction(tx -> {
            attempts.incrementAndGet();
            tx.devices().update(a.toBuilder().usage(1, 1).build());
            firstLocked.countDown();
            await(secondLocked);
            tx.devices().update(b.toBuilder().usage(1, 1).build());
            return null;
        });
        Callable<Void> two = () -> serverB.inTransaction(tx -> {
            attempts.incrementAndGet();
            tx.devices().update(b.toBuilder().usage(2, 2).build());
            secondLocked.countDown();
            await(firstLocked);
            tx.devices().update(a.toBuilder().usage(2, 2).build());
            return null;
        });
        race(List.of(one, two));
        assertEquals(3, attempts.get(), "one transaction ran twice");
        Device afterA = serverA.inTransaction(tx -> tx.devices().find(a.id())).orElseThrow();
        Device afterB = serverA.inTransaction(tx -> tx.devices().find(b.id())).orElseThrow();
        // Whichever committed last wrote both rows.
        assertEquals(afterA.rxBytes(), afterB.rxBytes());
    }

    /**
     * The session limit is exact at the default isolation (READ COMMITTED) with two servers, each
     * committing its enrollments in batches: of 64 racing into a tier with room for 10, exactly
     * 10 enroll and the others are told the limit was reached.
     */
    @Test
    void sixtyFourEnrollmentsOnTwoServersIntoATierOfTenEnrollExactlyTen() throws Exception {
        int limit = 10;
        dev.damm.core.model.AccessTier t = serverA.inTransaction(tx -> tx.accessTiers().find(StoreFixtures.TIER)).orElseThrow();
        serverA.inTransaction(tx -> {
            tx.accessTiers().update(new dev.damm.core.model.AccessTier(t.id(), t.name(), t.allowedRegions(), t.allowedExitCountries(), limit,
                    t.byteLimit(), true, t.substitution(), t.quarantineRules()));
            return null;
        });
        StoreEnrollmentFixture.mintPasses(serverA, 0, 64);
        List<Callable<dev.damm.core.store.EnrollmentOutcome>> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            long n = i;
            Device d = StoreFixtures.device(n);
            dev.damm.core.store.EnrollmentWrite w = new dev.damm.core.store.EnrollmentWrite(d, StoreFixtures.pass(n).secretHash(),
                    List.of(new dev.damm.core.store.AddressClaim(StoreEnrollmentFixture.POOL, StoreEnrollmentFixture.FIRST + n)),
                    T0.minus(StoreEnrollmentFixture.QUARANTINE), java.time.Duration.ofSeconds(90),
                    dev.damm.core.store.AuditEvent.of(d.createdAt(), "pass:pass-" + n, "device.enroll", "device:" + d.id(), null, "{}"));
            JdbcStore server = server(i);
            tasks.add(() -> server.enroll(w));
        }
        List<dev.damm.core.store.EnrollmentOutcome> outcomes = race(tasks);
        assertEquals(limit, outcomes.stream().filter(dev.damm.core.store.EnrollmentOutcome.Enrolled.class::isInstance).count(), outcomes.toString());
        assertEquals(64 - limit, outcomes.stream().filter(new dev.damm.core.store.EnrollmentOutcome.SessionLimitReached(limit)::equals).count(),
                outcomes.toString());
        assertEquals((long) limit, (long) serverB.inTransaction(tx -> tx.devices().countByTier(StoreFixtures.TIER,
                dev.damm.core.model.DeviceState.ACTIVE)));
        assertEquals(limit, StoreTables.count(serverA, "SELECT count(*) FROM devices"));
    }

    @Test
    void atSerializableTwoEnrollmentsCannotBothSlipUnderATierLimit() throws Exception {
        try (JdbcStore strictA = JdbcStore.open(SharedPostgres.config(url).serializable(true).maxRetries(30).build());
                JdbcStore strictB = JdbcStore.open(SharedPostgres.config(url).serializable(true).maxRetries(30).build())) {
            int limit = 3;
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                long n = 500 + i;
                JdbcStore server = i % 2 == 0 ? strictA : strictB;
                tasks.add(() -> {
                    try {
                        return server.inTransaction(tx -> {
                            // Check-then-insert across rows: write skew unless the database serializes it.
                            if (tx.devices().countByTier(StoreFixtures.TIER, dev.damm.core.model.DeviceState.ACTIVE) >= limit) {
                                throw new DammException(ErrorCode.SESSION_LIMIT_REACHED, "tier.sessionLimit: reached");
                            }
                            tx.devices().insert(StoreFixtures.device(n));
                            return "enrolled";
                        });
                    } catch (DammException e) {
                        return e.errorCode().code();
                    }
                });
            }
            List<String> outcomes = race(tasks);
            assertEquals(limit, outcomes.stream().filter("enrolled"::equals).count(), outcomes.toString());
            assertEquals((long) limit, (long) serverA.inTransaction(tx -> tx.devices().count()));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
