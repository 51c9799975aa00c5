package dev.damm.store.jdbc;

import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.ControlPlane;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.model.Device;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.testing.FakeClock;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The address allocator under load on PostgreSQL, through the real enrollment service of two
 * control planes (two pools of connections, two allocators): in a /24 (dense, lowest free first)
 * they fill the pool, run out, and get revoked addresses back only after the quarantine; in a /16
 * each takes blocks from the pool's cursor, and the two never hand out one address twice.
 */
class PostgresAddressAllocationTest {
    private static final IpNetwork POOL = IpNetwork.parse("10.61.0.0/24");
    /** Offsets 10 to 254: the clients' part of the /24. */
    private static final int CAPACITY = 245;
    private final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    private final SplittableRandom keys = new SplittableRandom(7);
    private final List<String> gatewayTokens = new ArrayList<>();
    private JdbcStore storeA;
    private JdbcStore storeB;
    private ControlPlane a;
    private ControlPlane b;
    private ExecutorService threads;

    private ControlPlane controlPlane(JdbcStore store, long seed) {
        return controlPlane(store, seed, POOL);
    }

    private ControlPlane controlPlane(JdbcStore store, long seed, IpNetwork pool) {
        BucketShape open = BucketShape.perMinute(1_000_000);
        return ControlPlane.builder(store).clock(clock).random(new SplittableRandom(seed))
                .addressPlan(new AddressPlan(pool, Optional.empty(), 1, 10, Duration.ofHours(1)))
                .mintLimits(open, open, open).enrollLimits(open, open, open)
                .trustAnchor(() -> new TrustAnchor(1, new byte[] {1}))
                .build();
    }

    private synchronized WireGuardKey key() {
        byte[] raw = new byte[32];
        keys.nextBytes(raw);
        return WireGuardKey.ofBytes(raw);
    }

    @BeforeEach
    void twoServers() {
        String url = SharedPostgres.newDatabase("alloc");
        storeA = JdbcStore.open(SharedPostgres.config(url).poolSize(6).maxRetries(50).poolName("alloc-a").build());
        storeB = JdbcStore.open(SharedPostgres.config(url).poolSize(6).maxRetries(50).poolName("alloc-b").build());
        a = controlPlane(storeA, 1);
        b = controlPlane(storeB, 2);
        a.putTier(ControlPlaneFixture.tier(SubstitutionPolicy.STRICT, 1_000_000, 0), "admin");
        a.putEgressPool(ControlPlaneFixture.pool("eg-eu-main", ControlPlaneFixture.EU, EgressKind.MAIN, Set.of(ControlPlaneFixture.DE)), "admin");
        for (String id : List.of("gw-a", "gw-b")) {
            var p = a.gateways().provision(GatewayId.of(id), id, ControlPlaneFixture.EU, ProviderId.of("hetzner"), "admin");
            gatewayTokens.add(b.gateways().register(p.token(), new GatewayRegistration(key(), List.of(
                    new GatewayRegistration.DeclaredFrontDoor(id + "-t0", new Endpoint(id + ".example.net", 51820), TransportTier.T0, 1, Map.of()))))
                    .credential().orElseThrow());
        }
        heartbeats();
        threads = Executors.newFixedThreadPool(16);
    }

    private void heartbeats() {
        for (String token : gatewayTokens) {
            a.gateways().heartbeat(token, new HeartbeatMetrics(0.1, 0, 0, 0));
        }
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        storeA.close();
        storeB.close();
    }

    /** Enrolls as a client would: a retryable refusal (a contended address) is simply tried again. */
    private EnrollmentResult enroll(ControlPlane cp) {
        String pass = cp.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(3), "admin", "192.0.2.9").secret();
        for (int attempt = 0; ; attempt++) {
            try {
                return cp.enrollment().enroll(new EnrollmentRequest(pass, key().base64(), Optional.empty(),
                        Optional.of(ControlPlaneFixture.EU), Optional.of(ControlPlaneFixture.DE), false, "192.0.2.1"));
            } catch (DammException e) {
                if (!e.retryable() || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private List<Device> fillConcurrently(int count) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<EnrollmentResult>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ControlPlane cp = i % 2 == 0 ? a : b;
            futures.add(threads.submit(() -> {
                go.await();
                return enroll(cp);
            }));
        }
        go.countDown();
        List<Device> out = new ArrayList<>();
        for (Future<EnrollmentResult> f : futures) {
            out.add(f.get(120, TimeUnit.SECONDS).device());
        }
        return out;
    }

    private static Set<IpNetwork> addresses(List<Device> devices) {
        return devices.stream().map(d -> d.tunnelAddresses().get(0)).collect(Collectors.toSet());
    }

    @Test
    void twoServersFillThePoolWithDistinctAddressesAndThenRunOut() throws Exception {
        List<Device> enrolled = fillConcurrently(CAPACITY);
        Set<IpNetwork> taken = addresses(enrolled);
        assertEquals(CAPACITY, taken.size(), "an address was handed out twice");
        assertTrue(taken.stream().allMatch(n -> POOL.contains(n.address())));
        assertEquals(CAPACITY, StoreTables.count(storeA, "SELECT count(*) FROM address_leases WHERE released_at IS NULL"));
        DammException full = assertThrows(DammException.class, () -> a.enrollment().enroll(new EnrollmentRequest(
                a.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "admin", "192.0.2.9").secret(), key().base64(),
                Optional.empty(), Optional.of(ControlPlaneFixture.EU), Optional.of(ControlPlaneFixture.DE), false, "192.0.2.1")));
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, full.errorCode(), full.getMessage());
    }

    @Test
    void inALargePoolTwoServersTakeDisjointBlocksFromTheCursor() throws Exception {
        IpNetwork slash16 = IpNetwork.parse("10.62.0.0/16");
        a = controlPlane(storeA, 3, slash16);
        b = controlPlane(storeB, 4, slash16);
        List<Device> enrolled = fillConcurrently(400);
        Set<IpNetwork> taken = addresses(enrolled);
        assertEquals(400, taken.size(), "an address was handed out twice");
        assertTrue(taken.stream().allMatch(n -> slash16.contains(n.address())));
        // Each server reserved its own blocks: the cursor moved past every address handed out.
        long cursor = StoreTables.count(storeA, "SELECT next_offset FROM address_cursors WHERE pool_id = 'v4:10.62.0.0/16'");
        assertTrue(enrolled.stream().allMatch(d -> slash16.offsetOf(d.tunnelAddresses().get(0).address()).longValueExact() < cursor),
                "cursor at " + cursor);
        // A revoked address rests: with the cursor far from the pool's end it is not reused at all.
        a.devices().revoke(enrolled.get(0).id(), "admin");
        clock.advance(Duration.ofMinutes(61));
        heartbeats();
        Set<IpNetwork> later = addresses(fillConcurrently(20));
        assertTrue(later.stream().noneMatch(taken::contains), later.toString());
    }

    @Test
    void revokedAddressesComeBackOnlyAfterTheQuarantine() throws Exception {
        List<Device> enrolled = fillConcurrently(CAPACITY);
        List<Device> revoked = enrolled.subList(0, 12);
        for (int i = 0; i < revoked.size(); i++) {
            (i % 2 == 0 ? a : b).devices().revoke(revoked.get(i).id(), "admin");
        }
        // Freed, but resting: a full pool still.
        DammException resting = assertThrows(DammException.class, () -> enroll(b));
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, resting.errorCode(), resting.getMessage());

        clock.advance(Duration.ofMinutes(59));
        heartbeats();
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, assertThrows(DammException.class, () -> enroll(a)).errorCode());

        clock.advance(Duration.ofMinutes(2));
        heartbeats();
        List<Device> again = fillConcurrently(revoked.size());
        assertEquals(addresses(revoked), addresses(again), "exactly the revoked addresses are reused, each once");
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, assertThrows(DammException.class, () -> enroll(a)).errorCode());
        assertEquals(CAPACITY, StoreTables.count(storeA, "SELECT count(*) FROM address_leases WHERE released_at IS NULL"));
    }
}
