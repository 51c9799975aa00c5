package dev.damm.store.jdbc;

import static dev.damm.core.store.StoreFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.core.store.AddressClaim;
import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.EnrollmentOutcome;
import dev.damm.core.store.EnrollmentWrite;
import dev.damm.core.store.StoreFixtures;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of enrollment writes on PostgreSQL: many callers at once, so their writes share
 * batches, and each caller still gets exactly the outcome the rules give it alone, whatever else
 * its batch held (the same pass, key or address, a tier at its limit, a write that fails).
 */
class PostgresEnrollmentBatchTest {
    private static final String POOL = "gw-1/v4";
    private static String url;
    private JdbcStore store;
    private ExecutorService threads;

    @BeforeAll
    static void createDatabase() {
        url = SharedPostgres.newDatabase("batch");
    }

    @BeforeEach
    void open() {
        store = JdbcStore.open(SharedPostgres.config(url).poolSize(8).maxRetries(5).build());
        StoreTables.empty(store);
        StoreEnrollmentFixture.seed(store);
        threads = Executors.newFixedThreadPool(40);
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        store.close();
    }

    private static EnrollmentWrite write(Device d, long pass, long offset) {
        return new EnrollmentWrite(d, StoreFixtures.pass(pass).secretHash(), List.of(new AddressClaim(POOL, offset)), T0, Duration.ofHours(1),
                AuditEvent.of(T0, "pass:" + pass, "device.enroll", "device:" + d.id(), null, null));
    }

    /** Runs every write at once; each result is an outcome's simple name or the error code. */
    private List<String> race(List<EnrollmentWrite> writes) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (EnrollmentWrite w : writes) {
            futures.add(threads.submit(() -> {
                go.await();
                try {
                    return store.enroll(w).getClass().getSimpleName();
                } catch (DammException e) {
                    return e.errorCode().code();
                }
            }));
        }
        go.countDown();
        List<String> out = new ArrayList<>();
        for (Future<String> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    private static Map<String, Long> tally(List<String> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private long devices() {
        return store.inTransaction(tx -> tx.devices().count());
    }

    @Test
    void concurrentWritesAllEnrollWithEverythingWritten() throws Exception {
        // The fixture's tier allows 100 active devices.
        StoreEnrollmentFixture.mintPasses(store, 0, 90);
        List<EnrollmentWrite> writes = new ArrayList<>();
        for (int n = 0; n < 90; n++) {
            writes.add(write(StoreFixtures.device(n), n, 2 + n));
        }
        assertEquals(Map.of("Enrolled", 90L), tally(race(writes)));
        assertEquals(90L, devices());
        assertEquals(90, StoreTables.count(store, "SELECT count(*) FROM address_leases"));
        assertEquals(90, StoreTables.count(store, "SELECT count(*) FROM install_passes WHERE used_by IS NOT NULL"));
        assertEquals(90, StoreTables.count(store, "SELECT count(*) FROM audit_events WHERE action = 'device.enroll'"));
        // Nothing refused, so every batch was written without the full check.
        assertTrue(store.postgresEnrollments.unrefusedBatches.sum() > 0);
        assertEquals(0L, store.postgresEnrollments.checkedBatches.sum());
        assertEquals(90L, (long) store.inTransaction(tx -> tx.devices().countByTier(StoreFixtures.TIER, DeviceState.ACTIVE)));
    }

    @Test
    void onePassInManyWritesEnrollsOnce() throws Exception {
        StoreEnrollmentFixture.mintPasses(store, 7, 1);
        List<EnrollmentWrite> writes = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            writes.add(write(StoreFixtures.device(n), 7, 2 + n));
        }
        assertEquals(Map.of("Enrolled", 1L, "PassUsed", 39L), tally(race(writes)));
        assertEquals(1L, devices());
        assertEquals(1, StoreTables.count(store, "SELECT count(*) FROM address_leases"));
    }

    @Test
    void oneAddressOrOneKeyInManyWritesIsHeldOnce() throws Exception {
        StoreEnrollmentFixture.mintPasses(store, 0, 60);
        List<EnrollmentWrite> writes = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            writes.add(write(StoreFixtures.device(n), n, 5)); // one address
        }
        Device keyOwner = StoreFixtures.device(30);
        for (int n = 30; n < 60; n++) {
            writes.add(write(StoreFixtures.device(n).toBuilder().publicKey(keyOwner.publicKey()).build(), n, 100 + n)); // one key
        }
        Map<String, Long> outcomes = tally(race(writes));
        assertEquals(2L, outcomes.get("Enrolled"), outcomes.toString());
        assertEquals(29L, outcomes.get("AddressTaken"), outcomes.toString());
        assertEquals(29L, outcomes.get("PublicKeyTaken"), outcomes.toString());
        assertEquals(2L, devices());
        assertEquals(2, StoreTables.count(store, "SELECT count(*) FROM install_passes WHERE used_by IS NOT NULL"), "refused passes stay unused");
    }

    @Test
    void aTierLimitHoldsExactlyUnderConcurrentWritesOfOneServer() throws Exception {
        AccessTier t = StoreFixtures.tier(StoreFixtures.TIER.value());
        store.inTransaction(tx -> {
            tx.accessTiers().update(new AccessTier(t.id(), t.name(), t.allowedRegions(), t.allowedExitCountries(), 5, t.byteLimit(), true,
                    t.substitution(), t.quarantineRules()));
            return null;
        });
        StoreEnrollmentFixture.mintPasses(store, 0, 30);
        List<EnrollmentWrite> writes = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            writes.add(write(StoreFixtures.device(n), n, 2 + n));
        }
        assertEquals(Map.of("Enrolled", 5L, "SessionLimitReached", 25L), tally(race(writes)));
        assertEquals(5L, devices());
    }

    @Test
    void aWriteThatFailsDoesNotTakeItsBatchWithIt() throws Exception {
        StoreEnrollmentFixture.mintPasses(store, 0, 41);
        List<EnrollmentWrite> writes = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            writes.add(write(StoreFixtures.device(n), n, 2 + n));
        }
        // Same device id as device 0, everything else its own: the database refuses the second insert.
        Device other = StoreFixtures.device(40);
        Device twin = new Device.Builder(StoreFixtures.device(0).id()).name(other.name()).publicKey(other.publicKey())
                .credentialHash(other.credentialHash()).tunnelAddresses(other.tunnelAddresses()).gatewayId(other.gatewayId())
                .frontDoorId(other.frontDoorId()).egressPoolId(other.egressPoolId()).tierId(other.tierId()).region(other.region())
                .exitCountry(other.exitCountry()).trustRootVersion(1).createdAt(other.createdAt()).updatedAt(other.updatedAt()).build();
        writes.add(write(twin, 40, 200));
        Map<String, Long> outcomes = tally(race(writes));
        assertEquals(40L, outcomes.get("Enrolled"), outcomes.toString());
        assertEquals(1L, outcomes.get(ErrorCode.CONFLICT.code()), outcomes.toString());
        assertEquals(40L, devices());
        assertEquals(40, StoreTables.count(store, "SELECT count(*) FROM install_passes WHERE used_by IS NOT NULL"));
        assertEquals(40, StoreTables.count(store, "SELECT count(*) FROM address_leases"));
    }

    /** Many lookups at once, beside an enrollment: each caller gets its own pass, tier, count and key. */
    @Test
    void concurrentLookupsEachGetTheirOwnAnswer() throws Exception {
        StoreEnrollmentFixture.mintPasses(store, 0, 20);
        assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(StoreFixtures.device(0), 0, 2)));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<dev.damm.core.store.EnrollmentLookup>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long n = i;
            futures.add(threads.submit(() -> {
                go.await();
                return store.lookupEnrollment(StoreFixtures.pass(n).secretHash(), StoreFixtures.device(n).publicKey());
            }));
        }
        go.countDown();
        for (int i = 0; i < 40; i++) {
            dev.damm.core.store.EnrollmentLookup found = futures.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(i < 20, found.pass().isPresent(), "pass of item " + i);
            found.pass().ifPresent(p -> assertEquals(StoreFixtures.pass(0).id().equals(p.id()), p.isUsed()));
            assertEquals(i < 20, found.tier().isPresent(), "tier of item " + i);
            assertEquals(i < 20 ? 1L : 0L, found.activeDevices(), "active devices of item " + i);
            assertEquals(i == 0, found.publicKeyTaken(), "key of item " + i);
        }
    }

    /**
     * A write nothing refuses is written by damm_enroll_unrefused alone; one that is refused
     * (here a used pass) is rolled back there and decided by damm_enroll, which writes nothing
     * for it and reports the rule.
     */
    @Test
    void onlyARefusedWriteTakesTheFullCheck() {
        StoreEnrollmentFixture.mintPasses(store, 0, 1);
        PostgresEnrollments runner = store.postgresEnrollments;
        assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(StoreFixtures.device(0), 0, 2)));
        assertEquals(1L, runner.unrefusedBatches.sum());
        assertEquals(0L, runner.checkedBatches.sum());

        assertEquals(new EnrollmentOutcome.PassUsed(), store.enroll(write(StoreFixtures.device(1), 0, 3)));
        assertEquals(1L, runner.unrefusedBatches.sum());
        assertEquals(1L, runner.checkedBatches.sum());
        assertEquals(1L, devices());
        assertEquals(1, StoreTables.count(store, "SELECT count(*) FROM address_leases"));
        assertEquals(1, StoreTables.count(store, "SELECT count(*) FROM audit_events WHERE action = 'device.enroll'"));
        assertEquals(1, StoreTables.count(store, "SELECT coalesce(sum(n), 0) FROM tier_device_counts"));
    }

    /**
     * damm_enroll's plans are generic and kept for a connection's life, so they are made once, on
     * whatever statistics there are then. Made on freshly analyzed empty tables, V4_1's lease lock
     * read the whole lease index on every call (n enrollments, n^2/2 entries read). Every probe is
     * now bounded by the batch's own keys: the lease index is only probed, never walked.
     */
    @Test
    void enrollmentProbesStayBoundedWhenThePlanWasMadeOnEmptyTables() throws Exception {
        int n = 400;
        AccessTier t = StoreFixtures.tier(StoreFixtures.TIER.value());
        store.inTransaction(tx -> {
            tx.accessTiers().update(new AccessTier(t.id(), t.name(), t.allowedRegions(), t.allowedExitCountries(), 10_000, t.byteLimit(), true,
                    t.substitution(), t.quarantineRules()));
            return null;
        });
        StoreEnrollmentFixture.mintPasses(store, 0, n);
        store.close();
        // One connection: the plan it makes on the first call serves every call after.
        store = JdbcStore.open(SharedPostgres.config(url).poolSize(1).build());
        try (java.sql.Connection c = store.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE"); // devices, leases, audit: analyzed while empty
        }
        long before = leaseIndexEntriesRead();
        for (int i = 0; i < n; i++) {
            assertEquals(EnrollmentOutcome.Enrolled.class, store.enroll(write(StoreFixtures.device(i), i, 2 + i)).getClass());
        }
        long read = leaseIndexEntriesRead() - before;
        // Probes that find no lease read no entry; walking the index would read ~n^2/2 = 80,000.
        assertTrue(read < 4L * n, "lease index entries read by " + n + " enrollments: " + read);
        assertEquals(n, StoreTables.count(store, "SELECT count(*) FROM address_leases"));
    }

    /** Index entries read from address_leases_pk so far, with this connection's pending counts flushed first. */
    private long leaseIndexEntriesRead() throws java.sql.SQLException {
        try (java.sql.Connection c = store.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("SELECT pg_stat_force_next_flush()");
            try (java.sql.ResultSet rs = s.executeQuery("SELECT idx_tup_read FROM pg_stat_user_indexes WHERE indexrelname = 'address_leases_pk'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
