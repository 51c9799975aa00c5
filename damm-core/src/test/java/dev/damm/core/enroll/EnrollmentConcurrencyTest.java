package dev.damm.core.enroll;

import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.store.InMemoryStore;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnrollmentConcurrencyTest {

    @Test
    void aThousandParallelEnrollmentsIntoASlash16GetDistinctAddresses() throws Exception {
        AddressPlan slash16 = new AddressPlan(IpNetwork.parse("10.60.0.0/16"), Optional.of(IpNetwork.parse("fd00:44::/64")), 1, 10, Duration.ofDays(1));
        ControlPlaneFixture f = new ControlPlaneFixture(new InMemoryStore(), slash16, SubstitutionPolicy.STRICT);
        f.addGateway("gw-a", EU, "hetzner");
        f.addGateway("gw-b", EU, "vultr");
        List<String> passes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            passes.add(f.mint().secret());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<EnrollmentResult>> results = new ArrayList<>();
        for (String p : passes) {
            results.add(pool.submit(() -> {
                start.await();
                return f.cp.enrollment().enroll(f.request(p, f.randomKey()));
            }));
        }
        start.countDown();
        Set<IpNetwork> v4 = new HashSet<>();
        Set<IpNetwork> v6 = new HashSet<>();
        for (Future<EnrollmentResult> r : results) {
            var addrs = r.get(60, TimeUnit.SECONDS).device().tunnelAddresses();
            v4.add(addrs.get(0));
            v6.add(addrs.get(1));
        }
        pool.shutdown();
        assertEquals(1000, v4.size(), "duplicate IPv4 address handed out");
        assertEquals(1000, v6.size(), "duplicate IPv6 address handed out");
        assertEquals(1000L, (long) f.store.inTransaction(tx -> tx.devices().count()));
    }

    @Test
    void onePassRacedByFiftyRequestsEnrollsExactlyOneDevice() throws Exception {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        String pass = f.mint().secret();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<ErrorCode> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<EnrollmentResult> successes = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            done.add(pool.submit(() -> {
                try {
                    start.await();
                    successes.add(f.cp.enrollment().enroll(f.request(pass, f.randomKey())));
                } catch (DammException e) {
                    failures.add(e.errorCode());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Future<?> d : done) {
            d.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(1, successes.size());
        assertEquals(49, failures.size());
        failures.forEach(c -> assertEquals(ErrorCode.INSTALL_PASS_INVALID, c));
        assertEquals(1L, (long) f.store.inTransaction(tx -> tx.devices().count()));
    }
}
