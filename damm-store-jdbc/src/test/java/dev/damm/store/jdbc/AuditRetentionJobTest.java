package dev.damm.store.jdbc;

import static dev.damm.core.store.StoreFixtures.T0;
import static dev.damm.core.store.StoreFixtures.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InMemoryStore;
import dev.damm.spi.DammException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRetentionJobTest {
    @TempDir
    Path dir;

    private static void appendHourly(DammStore store, int hours) {
        store.inTransaction(tx -> {
            for (int h = 0; h < hours; h++) {
                tx.audit().append(audit(T0.plus(Duration.ofHours(h)), "device.enroll", "device:dev-" + h));
            }
            return null;
        });
    }

    @Test
    void deletesEventsOlderThanTheRetentionInBatches() {
        try (JdbcStore store = JdbcStore.h2File(dir)) {
            appendHourly(store, 10);
            MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(9)).plusSeconds(1));
            AuditRetentionJob job = new AuditRetentionJob(store, clock, Duration.ofHours(3), 2);
            // Batches of 2: four transactions. Events at hours 0..6 are older than now - 3h (hour 6 + 1s); hours 7, 8, 9 stay.
            assertEquals(7, job.runOnce());
            List<AuditEvent> left = store.inTransaction(tx -> tx.audit().list(0, 100));
            assertEquals(List.of("device:dev-7", "device:dev-8", "device:dev-9"),
                    left.stream().map(AuditEvent::target).toList());
            assertEquals(0, job.runOnce());
            clock.advance(Duration.ofHours(2));
            job.run();
            assertEquals(List.of("device:dev-9"), store.inTransaction(tx -> tx.audit().list(0, 100)).stream().map(AuditEvent::target).toList());
        }
    }

    @Test
    void worksOnAnyStore() {
        try (InMemoryStore store = new InMemoryStore()) {
            appendHourly(store, 5);
            // Hours 0 and 1 are older than 4h - 2h; hour 2 is exactly at the cut-off and stays.
            assertEquals(2, new AuditRetentionJob(store, new MutableClock(T0.plus(Duration.ofHours(4))), Duration.ofHours(2)).runOnce());
            assertEquals(3, store.inTransaction(tx -> tx.audit().list(0, 100)).size());
        }
    }

    @Test
    void refusesARetentionShorterThanAnHour() {
        try (InMemoryStore store = new InMemoryStore()) {
            assertThrows(DammException.class, () -> new AuditRetentionJob(store, new MutableClock(T0), Duration.ofMinutes(5)));
        }
    }
}
