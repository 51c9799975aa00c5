package dev.damm.store.jdbc;

import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.ControlPlane;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.model.DeviceState;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real authority twice: two {@link ControlPlane}s, each on its own connection pool, sharing one
 * PostgreSQL, enrolling concurrently through {@code EnrollmentService}. The database alone keeps
 * addresses distinct and passes single-use across the two "servers".
 */
class TwoControlPlanesOnPostgresTest {
    private final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    private JdbcStore storeA;
    private JdbcStore storeB;
    private ControlPlane a;
    private ControlPlane b;
    private ExecutorService threads;
    private final SplittableRandom keys = new SplittableRandom(11);

    private ControlPlane controlPlane(JdbcStore store, long seed) {
        BucketShape open = BucketShape.perMinute(1_000_000);
        return ControlPlane.builder(store).clock(clock).random(new SplittableRandom(seed))
                .addressPlan(new AddressPlan(IpNetwork.parse("10.60.0.0/16"), Optional.of(IpNetwork.parse("fd00:60::/64")), 1, 10, Duration.ofDays(1)))
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
        String url = SharedPostgres.newDatabase("twocp");
        storeA = JdbcStore.open(SharedPostgres.config(url).poolSize(6).maxRetries(50).poolName("cp-a").build());
        storeB = JdbcStore.open(SharedPostgres.config(url).poolSize(6).maxRetries(50).poolName("cp-b").build());
        a = controlPlane(storeA, 1);
        b = controlPlane(storeB, 2);
        a.putTier(ControlPlaneFixture.tier(SubstitutionPolicy.STRICT, 1_000_000, 0), "admin");
        a.putEgressPool(ControlPlaneFixture.pool("eg-eu-main", ControlPlaneFixture.EU, EgressKind.MAIN, Set.of(ControlPlaneFixture.DE)), "admin");
        for (String id : List.of("gw-a", "gw-b")) {
            var p = a.gateways().provision(GatewayId.of(id), id, ControlPlaneFixture.EU, ProviderId.of("hetzner"), "admin");
            String credential = b.gateways().register(p.token(), new GatewayRegistration(key(), List.of(
                    new GatewayRegistration.DeclaredFrontDoor(id + "-t0", new Endpoint(id + ".example.net", 51820), TransportTier.T0, 1, Map.of()))))
                    .credential().orElseThrow();
            b.gateways().heartbeat(credential, new HeartbeatMetrics(0.1, 0, 0, 0));
        }
        threads = Executors.newFixedThreadPool(24);
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        storeA.close();
        storeB.close();
    }

    private EnrollmentRequest request(String pass) {
        return new EnrollmentRequest(pass, key().base64(), Optional.empty(), Optional.of(ControlPlaneFixture.EU),
                Optional.of(ControlPlaneFixture.DE), false, "192.0.2.1");
    }

    @Test
    void parallelEnrollmentsThroughTwoServersNeverShareAnAddress() throws Exception {
        List<String> passes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            passes.add((i % 2 == 0 ? a : b).passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "admin", "192.0.2.9").secret());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<EnrollmentResult>> futures = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            ControlPlane cp = i % 2 == 0 ? a : b;
            String pass = passes.get(i);
            futures.add(threads.submit(() -> {
                go.await();
                return cp.enrollment().enroll(request(pass));
            }));
        }
        go.countDown();
        Set<IpNetwork> v4 = new HashSet<>();
        Set<IpNetwork> v6 = new HashSet<>();
        for (Future<EnrollmentResult> f : futures) {
            EnrollmentResult r = f.get(120, TimeUnit.SECONDS);
            v4.add(r.device().tunnelAddresses().get(0));
            v6.add(r.device().tunnelAddresses().get(1));
        }
        assertEquals(300, v4.size(), "two servers handed out one IPv4 address twice");
        assertEquals(300, v6.size(), "two servers handed out one IPv6 address twice");
        assertEquals(300L, (long) storeB.inTransaction(tx -> tx.devices().countByTier(ControlPlaneFixture.TIER, DeviceState.ACTIVE)));
    }

    @Test
    void onePassRacedThroughTwoServersEnrollsOnce() throws Exception {
        String pass = a.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "admin", "192.0.2.9").secret();
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<ErrorCode> refused = new ConcurrentLinkedQueue<>();
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ControlPlane cp = i % 2 == 0 ? a : b;
            futures.add(threads.submit(() -> {
                go.await();
                try {
                    cp.enrollment().enroll(request(pass));
                    return true;
                } catch (DammException e) {
                    refused.add(e.errorCode());
                    return false;
                }
            }));
        }
        go.countDown();
        int enrolled = 0;
        for (Future<Boolean> f : futures) {
            enrolled += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, enrolled);
        assertEquals(39, refused.size());
        assertTrue(refused.stream().allMatch(c -> c == ErrorCode.INSTALL_PASS_INVALID), refused.toString());
        assertEquals(1L, (long) storeA.inTransaction(tx -> tx.devices().count()));
    }

    @Test
    void aRegistrationTokenIsSpentOnceAcrossTwoServers() throws Exception {
        String token = a.gateways().provision(GatewayId.of("gw-c"), "gw-c", ControlPlaneFixture.EU, ProviderId.of("hetzner"), "admin").token();
        int attempts = 12;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<String>>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            ControlPlane cp = i % 2 == 0 ? a : b;
            WireGuardKey k = key();
            results.add(threads.submit(() -> {
                go.await();
                try {
                    return cp.gateways().register(token, new GatewayRegistration(k, List.of(new GatewayRegistration.DeclaredFrontDoor(
                            "gw-c-t0", new Endpoint("gw-c.example.net", 51820), TransportTier.T0, 1, Map.of())))).credential();
                } catch (DammException e) {
                    assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode(), e.getMessage());
                    return Optional.empty();
                }
            }));
        }
        go.countDown();
        List<String> credentials = new ArrayList<>();
        for (Future<Optional<String>> f : results) {
            f.get(60, TimeUnit.SECONDS).ifPresent(credentials::add);
        }
        assertEquals(1, credentials.size(), "one registration spends the token; every other is refused");
        assertEquals(GatewayId.of("gw-c"), b.gateways().authenticate(credentials.get(0)).id());
        assertEquals(3, storeA.inTransaction(tx -> tx.gateways().list()).size(), "no second gateway");
    }
}
