package dev.damm.core.catalog;

import static dev.damm.core.trust.TestKeys.key;
import static dev.damm.core.trust.TestKeys.root;
import static dev.damm.core.trust.TestKeys.signRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.FileTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.TrustStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust scenarios the catalog must survive, end to end from signing to a client's store on disk. */
class CatalogTrustScenariosTest {
    private final CatalogTestRig rig = new CatalogTestRig();

    @TempDir
    Path dir;

    private static RejectionReason reason(Verification v) {
        return assertInstanceOf(Verification.Rejected.class, v).reason();
    }

    @Test
    @DisplayName("the online catalog key is lost and replaced through root N+1, without re-enrolling the client")
    void lostCatalogKeyIsReplacedThroughTheNextRoot() {
        Path file = dir.resolve("client-trust.json");
        FileTrustStore enrolled = FileTrustStore.create(file, rig.pinned);
        assertTrue(rig.verifier(enrolled).verify(rig.signed(10)).trusted());
        enrolled.close();

        // The catalog key is gone. Two of the three offline root holders sign root v2 naming a new one.
        Ed25519SigningKey replacement = key(30);
        RootDocument v2 = rig.rootV1.toNextVersion()
                .expires(CatalogTestRig.ROOT_EXPIRES)
                .catalogKeys(KeyQuorum.single(replacement.publicKey()))
                .build();
        byte[] rootV2 = signRoot(v2, List.of(rig.root1, rig.root3));
        rig.clock.advance(Duration.ofMinutes(5));
        byte[] next = rig.signed(11, replacement);

        // The client restarts, still on root v1: the new catalog alone is not enough...
        FileTrustStore restarted = FileTrustStore.open(file);
        assertEquals(RejectionReason.UNKNOWN_KEY, reason(rig.verifier(restarted).verify(next)));
        // ...but with root v2 fetched beside it, it is trusted, and root v2 is now what the client holds.
        Verification.Trusted t = assertInstanceOf(Verification.Trusted.class, rig.verifier(restarted).verify(next, List.of(rootV2)));
        assertEquals(11, t.catalog().serial());
        assertEquals(2, t.rootVersion());
        restarted.close();
        try (FileTrustStore again = FileTrustStore.open(file)) {
            assertEquals(2, again.root().version());
            assertTrue(rig.verifier(again).verify(next).trusted());
        }
    }

    @Test
    @DisplayName("an attacker holding one of three root keys (threshold 2) cannot produce an accepted root")
    void oneStolenRootKeyIsNotEnough() {
        TrustStore store = rig.newStore();
        Ed25519SigningKey attackerCatalogKey = key(66);
        Ed25519SigningKey attackerRootKey = key(67);
        List<RootDocument> forgeries = List.of(
                root(2, CatalogTestRig.ROOT_EXPIRES, 1, List.of(rig.root1), List.of(attackerCatalogKey)),
                root(2, CatalogTestRig.ROOT_EXPIRES, 2, List.of(rig.root1, attackerRootKey, attackerCatalogKey), List.of(attackerCatalogKey)),
                root(2, CatalogTestRig.ROOT_EXPIRES, 2, List.of(rig.root1, rig.root2, rig.root3), List.of(attackerCatalogKey)));
        byte[] evil = rig.signed(99, attackerCatalogKey);
        for (RootDocument forged : forgeries) {
            byte[] env = signRoot(forged, List.of(rig.root1, attackerRootKey, attackerCatalogKey));
            assertEquals(RejectionReason.ROOT_CHAIN_BROKEN, reason(rig.verifier(store).verify(evil, List.of(env))));
        }
        assertEquals(1, store.root().version());
        assertEquals(RejectionReason.UNKNOWN_KEY, reason(rig.verifier(store).verify(evil)));
    }

    @Test
    @DisplayName("an old, still valid catalog replayed after a newer one is rejected as a rollback")
    void replayOfAnOlderCatalogIsARollback() {
        TrustStore store = rig.newStore();
        byte[] old = rig.signed(20);
        rig.clock.advance(Duration.ofMinutes(10));
        byte[] newer = rig.signed(21);
        assertTrue(rig.verifier(store).verify(old).trusted());
        assertTrue(rig.verifier(store).verify(newer).trusted());
        assertEquals(RejectionReason.ROLLBACK, reason(rig.verifier(store).verify(old)));
    }

    @Test
    @DisplayName("a catalog replayed after its valid-until is rejected (freeze attack)")
    void replayAfterValidUntilIsAFreeze() {
        TrustStore store = rig.newStore();
        byte[] latest = rig.signed(30);
        assertTrue(rig.verifier(store).verify(latest).trusted());
        rig.clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertEquals(RejectionReason.EXPIRED, reason(rig.verifier(store).verify(latest)));
    }

    @Test
    @DisplayName("a catalog signed by a key an older root trusted but the current root removed is rejected")
    void keyRemovedByTheCurrentRootNoLongerCounts() {
        TrustStore store = rig.newStore();
        Ed25519SigningKey replacement = key(31);
        RootDocument v2 = rig.rootV1.toNextVersion().expires(CatalogTestRig.ROOT_EXPIRES)
                .catalogKeys(KeyQuorum.single(replacement.publicKey())).build();
        byte[] rootV2 = signRoot(v2, List.of(rig.root1, rig.root2));
        assertTrue(rig.verifier(store).verify(rig.signed(40, replacement), List.of(rootV2)).trusted());

        rig.clock.advance(Duration.ofMinutes(1));
        byte[] byRemovedKey = rig.signed(41, rig.catalogKey);
        assertEquals(RejectionReason.UNKNOWN_KEY, reason(rig.verifier(store).verify(byRemovedKey)));
    }

    @Test
    @DisplayName("a catalog carrying an extra signature by an unknown key still verifies on the threshold")
    void extraUnknownSignatureStillVerifies() {
        byte[] env = rig.signed(50, key(88), rig.catalogKey, key(89));
        Verification.Trusted t = assertInstanceOf(Verification.Trusted.class, rig.verifier(rig.newStore()).verify(env));
        assertEquals(1, t.signers().size());
    }
}
