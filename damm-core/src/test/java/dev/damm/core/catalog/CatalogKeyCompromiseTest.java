package dev.damm.core.catalog;

import static dev.damm.core.trust.TestKeys.key;
import static dev.damm.core.trust.TestKeys.signRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.FileTrustStore;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.TrustStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a stolen online catalog key buys an attacker, and how root v2 takes it back without re-enrolling clients. */
class CatalogKeyCompromiseTest {
    private final CatalogTestRig rig = new CatalogTestRig();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static RejectionReason reason(Verification v) {
        return assertInstanceOf(Verification.Rejected.class, v).reason();
    }

    private byte[] rootV2Without(Ed25519SigningKey replacement) {
        RootDocument v2 = rig.rootV1.toNextVersion().expires(CatalogTestRig.ROOT_EXPIRES)
                .catalogKeys(KeyQuorum.single(replacement.publicKey())).build();
        return signRoot(v2, List.of(rig.root1, rig.root2));
    }

    @Test
    @DisplayName("fast-forward: a leaked key's Long.MAX_VALUE catalog stops binding once root v2 removes the key")
    void rootV2UndoesALeakedKeysMaximalSerialWithoutReEnrolment() {
        Path file = dir.resolve("client-trust.json");
        FileTrustStore client = FileTrustStore.create(file, rig.pinned);
        assertTrue(rig.verifier(client).verify(rig.signed(10)).trusted());

        // The attacker holds the online catalog key and signs the highest serial there is, valid for an hour.
        byte[] attack = rig.catalog(Long.MAX_VALUE).validFor(Duration.ofHours(1)).freshFor(Duration.ofMinutes(30))
                .sign(List.of(rig.catalogKey)).toJson();
        assertEquals(Long.MAX_VALUE, assertInstanceOf(Verification.Trusted.class, rig.verifier(client).verify(attack)).catalog().serial());

        // Under root v1 the publisher can never go higher again.
        rig.clock.advance(Duration.ofMinutes(1));
        assertEquals(RejectionReason.ROLLBACK, reason(rig.verifier(client).verify(rig.signed(11))));

        // Root v2, signed offline, replaces the leaked key; the publisher continues its own serials.
        Ed25519SigningKey replacement = key(31);
        byte[] rootV2 = rootV2Without(rig.catalogKey);
        byte[] legit = rig.signed(12, replacement);
        client.close();
        FileTrustStore restarted = FileTrustStore.open(file);
        Verification.Trusted t = assertInstanceOf(Verification.Trusted.class, rig.verifier(restarted).verify(legit, List.of(rootV2Without(replacement))));
        assertEquals(12, t.catalog().serial());
        assertEquals(2, t.rootVersion());
        assertEquals(12, restarted.lastAccepted(CatalogTestRig.SCOPE.key()).orElseThrow().serial());

        // The attacker, holding only the removed key, gets nothing accepted any more: not the old
        // catalog replayed, not a new one, not even together with root v1 or v2.
        rig.clock.advance(Duration.ofMinutes(1));
        assertEquals(RejectionReason.UNKNOWN_KEY, reason(rig.verifier(restarted).verify(attack)));
        byte[] again = rig.catalog(Long.MAX_VALUE).sign(List.of(rig.catalogKey)).toJson();
        assertEquals(RejectionReason.UNKNOWN_KEY, reason(rig.verifier(restarted).verify(again, List.of(rig.rootV1Envelope, rootV2))));
        // And the legitimate catalogs keep flowing, rollback protection restored from serial 12.
        assertTrue(rig.verifier(restarted).verify(rig.signed(13, replacement)).trusted());
        assertEquals(RejectionReason.ROLLBACK, reason(rig.verifier(restarted).verify(legit)));
        restarted.close();
    }

    @Test
    @DisplayName("two verifiers on one in-memory store, one serial, two contents: exactly one is accepted")
    void sameSerialRaceOnAnInMemoryStore() throws Exception {
        raceSameSerial(() -> new InMemoryTrustStore(rig.pinned), 100);
    }

    @Test
    @DisplayName("two verifiers on one trust file, one serial, two contents: exactly one is accepted")
    void sameSerialRaceOnAFileStore() throws Exception {
        int[] n = {0};
        raceSameSerial(() -> FileTrustStore.create(dir.resolve("race-" + n[0]++ + ".json"), rig.pinned), 30);
    }

    private void raceSameSerial(Supplier<TrustStore> stores, int rounds) throws Exception {
        for (int round = 0; round < rounds; round++) {
            byte[] a = rig.signed(7);
            rig.clock.advance(Duration.ofSeconds(1));
            byte[] b = rig.signed(7);
            TrustStore store = stores.get();
            CatalogVerifier first = rig.verifier(store);
            CatalogVerifier second = rig.verifier(store);
            CyclicBarrier barrier = new CyclicBarrier(2);
            List<Future<Verification>> results = new ArrayList<>();
            results.add(pool.submit(() -> {
                barrier.await();
                return first.verify(a);
            }));
            results.add(pool.submit(() -> {
                barrier.await();
                return second.verify(b);
            }));
            int trusted = 0;
            for (Future<Verification> f : results) {
                Verification v = f.get();
                if (v.trusted()) {
                    trusted++;
                } else {
                    assertEquals(RejectionReason.ROLLBACK, reason(v));
                }
            }
            assertEquals(1, trusted, "round " + round);
            if (store instanceof FileTrustStore fs) {
                fs.close();
            }
        }
    }
}
