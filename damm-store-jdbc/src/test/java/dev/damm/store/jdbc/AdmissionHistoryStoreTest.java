package dev.damm.store.jdbc;

import static dev.damm.core.store.StoreFixtures.GATEWAY;
import static dev.damm.core.store.StoreFixtures.device;
import static dev.damm.core.store.StoreFixtures.gateway;
import static dev.damm.core.store.StoreFixtures.withState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.damm.core.admission.AdmissionCheck;
import dev.damm.core.admission.AdmissionPublisher;
import dev.damm.core.admission.AdmissionSet;
import dev.damm.core.admission.AdmissionTrustStore;
import dev.damm.core.admission.AdmissionUpdate;
import dev.damm.core.admission.AdmissionVerifier;
import dev.damm.core.model.DeviceState;
import dev.damm.core.store.DammStore;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyQuorum;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission deltas answered from the durable history: after a restart, and by another server on the same database. */
class AdmissionHistoryStoreTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    private final Ed25519SigningKey key = Ed25519SigningKey.generate(new SecureRandom());
    private final AdmissionVerifier gatewayAgent = AdmissionVerifier.builder(KeyQuorum.single(key.publicKey()), GATEWAY.value(),
            AdmissionTrustStore.inMemory()).clock(clock).build();

    @TempDir
    Path dir;

    private AdmissionPublisher publisher(DammStore store) {
        return new AdmissionPublisher(store, clock, key, Duration.ofHours(24));
    }

    /** Publishes set 1 (three devices) to the gateway agent, then set 2 (one revoked, one added). */
    private AdmissionSet publishTwo(DammStore store) {
        store.inTransaction(tx -> {
            tx.gateways().insert(gateway(1));
            for (long n = 1; n <= 3; n++) {
                tx.devices().insert(device(n));
            }
            return null;
        });
        AdmissionPublisher p = publisher(store);
        assertInstanceOf(AdmissionCheck.Accepted.class, gatewayAgent.verify(p.publish(GATEWAY).toJson()));
        store.inTransaction(tx -> {
            tx.devices().update(withState(device(2), DeviceState.REVOKED));
            tx.devices().insert(device(4));
            return null;
        });
        return p.publish(GATEWAY).set();
    }

    private void answersWithADelta(DammStore store, AdmissionSet expected) {
        AdmissionUpdate.Delta d = assertInstanceOf(AdmissionUpdate.Delta.class, publisher(store).since(GATEWAY, OptionalLong.of(1)));
        assertEquals(expected, assertInstanceOf(AdmissionCheck.Accepted.class, gatewayAgent.verifyDelta(d.toJson())).set());
        assertEquals(new AdmissionUpdate.UpToDate(2), publisher(store).since(GATEWAY, OptionalLong.of(2)));
    }

    @Test
    void aRestartedServerAnswersFromTheHistoryInItsH2File() {
        AdmissionSet two;
        try (JdbcStore store = JdbcStore.h2File(dir)) {
            two = publishTwo(store);
        }
        try (JdbcStore store = JdbcStore.h2File(dir)) {
            answersWithADelta(store, two);
        }
    }

    @Test
    void anotherServerOnTheSamePostgresAnswersFromTheHistoryTheFirstWrote() {
        String url = SharedPostgres.newDatabase("admission");
        try (JdbcStore a = JdbcStore.open(SharedPostgres.config(url).build());
                JdbcStore b = JdbcStore.open(SharedPostgres.config(url).build())) {
            AdmissionSet two = publishTwo(a);
            answersWithADelta(b, two);
        }
    }
}
