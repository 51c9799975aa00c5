package dev.damm.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.admission.AdmissionUpdate;
import dev.damm.core.model.GatewayId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Registrations, first admission polls and the schedule's admission refresh arriving at once: every
 * caller gets its answer (no conflict surfaces), every registered gateway is in the score book, and
 * no serial is given to two different admission sets.
 */
class ConcurrentPublicationTest {

    @Test
    void parallelRegistrationsAllReachTheScoreBook() throws Exception {
        for (int round = 0; round < 10; round++) {
            LoopFixture f = new LoopFixture();
            int n = 12;
            CyclicBarrier start = new CyclicBarrier(n);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String id = "gw-" + round + "-" + i;
                    done.add(pool.submit(() -> {
                        start.await();
                        f.addGateway(id, dev.damm.core.testing.ControlPlaneFixture.EU, "static");
                        f.heartbeat(id);
                        return null;
                    }));
                }
                for (Future<?> d : done) {
                    d.get(30, TimeUnit.SECONDS); // a registration refused by the race would throw here
                }
            } finally {
                pool.shutdownNow();
            }
            Set<String> inBook = new HashSet<>();
            f.loop.paths().forEach(p -> inBook.add(p.key().gatewayId().value()));
            assertEquals(n, inBook.size(), "round " + round + ": gateways with paths in the book: " + inBook);
        }
    }

    @Test
    void aFirstPollRacingTheRefreshGetsASetAndSerialsStayUnique() throws Exception {
        for (int round = 0; round < 20; round++) {
            LoopFixture f = new LoopFixture();
            f.addGateway("gw-a", dev.damm.core.testing.ControlPlaneFixture.EU, "static");
            int n = 6;
            CyclicBarrier start = new CyclicBarrier(n + 1);
            List<AdmissionUpdate.Full> fulls = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(n + 1);
            try {
                List<Future<AdmissionUpdate>> polls = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    polls.add(pool.submit(() -> {
                        start.await();
                        return f.loop.admissionSince(GatewayId.of("gw-a"), OptionalLong.empty());
                    }));
                }
                Future<?> refresh = pool.submit(() -> {
                    start.await();
                    f.loop.refreshAdmissions();
                    return null;
                });
                refresh.get(30, TimeUnit.SECONDS);
                for (Future<AdmissionUpdate> p : polls) {
                    AdmissionUpdate u = p.get(30, TimeUnit.SECONDS); // a poll that lost the serial race would throw here
                    assertTrue(u instanceof AdmissionUpdate.Full, "round " + round + ": " + u);
                    fulls.add((AdmissionUpdate.Full) u);
                }
            } finally {
                pool.shutdownNow();
            }
            long last = f.store.inTransaction(tx -> tx.publications().lastSerial("admission", "gw-a")).orElse(0);
            assertTrue(last >= 1, "round " + round + ": no set was recorded");
            for (AdmissionUpdate.Full full : fulls) {
                assertTrue(full.signed().set().serial() <= last, "round " + round + ": a set with an unrecorded serial was served");
            }
        }
    }
}
