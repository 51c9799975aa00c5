package dev.damm.core.trust;

import static dev.damm.core.trust.TestKeys.key;
import static dev.damm.core.trust.TestKeys.pin;
import static dev.damm.core.trust.TestKeys.root;
import static dev.damm.core.trust.TestKeys.signRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTrustStoreTest {
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");
    private static final String DIGEST = "ab".repeat(32);
    private final RootDocument v1 = root(1, EXPIRES, 1, List.of(key(1)), List.of(key(2)));
    private final RootDocument v2 = root(2, EXPIRES, 1, List.of(key(1)), List.of(key(3)));
    private final TrustedRoot root1 = pin(signRoot(v1, List.of(key(1))));

    @TempDir
    Path dir;

    private static AcceptedSerial serial(long n) {
        return AcceptedSerial.of(n, DIGEST, Set.of(key(2).publicKey().keyId()));
    }

    private static Acceptance accept(TrustStore store, String scope, long n, int rootVersion) {
        return store.accept(scope, serial(n), rootVersion);
    }

    @Test
    void stateSurvivesReopening() {
        Path file = dir.resolve("trust.json");
        FileTrustStore store = FileTrustStore.create(file, root1);
        assertTrue(accept(store, "eu-central/standard", 7, 1).accepted());
        assertTrue(accept(store, "us-east/standard", 4, 1).accepted());
        store.close();

        FileTrustStore again = FileTrustStore.open(file);
        assertEquals(1, again.root().version());
        assertEquals(v1, again.root().document());
        assertEquals(Optional.of(serial(7)), again.lastAccepted("eu-central/standard"));
        assertEquals(Optional.of(serial(4)), again.lastAccepted("us-east/standard"));
        assertEquals(Optional.empty(), again.lastAccepted("ap-south/standard"));
        // Root v2 names another catalog key: the serials key 2 vouched for no longer bind (fast-forward recovery).
        TrustedRoot root2 = ((RootUpdate.Accepted) new RootVerifier().next(root1, signRoot(v2, List.of(key(1))))).root();
        again.replaceRoot(root2);
        again.close();

        FileTrustStore third = FileTrustStore.open(file);
        assertEquals(2, third.root().version());
        assertEquals(v2, third.root().document());
        assertEquals(Optional.empty(), third.lastAccepted("eu-central/standard"));
        assertEquals(Optional.empty(), third.lastAccepted("us-east/standard"));
        third.close();
    }

    @Test
    void aRootThatKeepsTheCatalogKeysKeepsTheSerials() {
        FileTrustStore store = FileTrustStore.create(dir.resolve("trust.json"), root1);
        assertTrue(accept(store, "eu-central/standard", 7, 1).accepted());
        RootDocument sameCatalogKeys = root(2, EXPIRES, 1, List.of(key(1)), List.of(key(2)));
        store.replaceRoot(((RootUpdate.Accepted) new RootVerifier().next(root1, signRoot(sameCatalogKeys, List.of(key(1))))).root());
        assertEquals(Optional.of(serial(7)), store.lastAccepted("eu-central/standard"));
        // A catalog verified under root v1 while v2 was stored is sent back to be checked again.
        assertEquals(2, assertInstanceOf(Acceptance.RootChanged.class, accept(store, "eu-central/standard", 8, 1)).current());
        assertEquals(Optional.of(serial(7)), store.lastAccepted("eu-central/standard"));
        store.close();
    }

    @Test
    void aSecondHandleOnOneFileIsRefusedUntilTheFirstIsClosed() {
        Path file = dir.resolve("trust.json");
        FileTrustStore first = FileTrustStore.create(file, root1);
        assertEquals(ErrorCode.CONFLICT, assertThrows(DammException.class, () -> FileTrustStore.open(file)).errorCode());
        assertTrue(accept(first, "eu-central/standard", 9, 1).accepted());
        first.close();
        assertEquals(ErrorCode.CONFLICT, assertThrows(DammException.class, () -> accept(first, "eu-central/standard", 10, 1)).errorCode());
        try (FileTrustStore second = FileTrustStore.open(file)) {
            assertEquals(9, second.lastAccepted("eu-central/standard").orElseThrow().serial());
        }
    }

    @Test
    void writesLeaveNoTemporaryFilesBehind() throws IOException {
        Path file = dir.resolve("trust.json");
        FileTrustStore store = FileTrustStore.create(file, root1);
        for (int i = 1; i <= 5; i++) {
            assertTrue(accept(store, "eu-central/standard", i, 1).accepted());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of(file, dir.resolve("trust.json.lock")), Set.copyOf(files.toList()));
        }
        store.close();
    }

    @Test
    void refusesToMoveASerialBackwards() {
        FileTrustStore store = FileTrustStore.create(dir.resolve("trust.json"), root1);
        assertTrue(accept(store, "eu-central/standard", 9, 1).accepted());
        Acceptance.Refused r = assertInstanceOf(Acceptance.Refused.class, accept(store, "eu-central/standard", 8, 1));
        assertEquals(RejectionReason.ROLLBACK, r.reason());
        store.close();
        try (FileTrustStore again = FileTrustStore.open(store.file())) {
            assertEquals(9, again.lastAccepted("eu-central/standard").orElseThrow().serial());
        }
    }

    @Test
    void refusesToReplaceTheRootWithAnOlderOrEqualVersion() {
        FileTrustStore store = FileTrustStore.create(dir.resolve("trust.json"), root1);
        assertEquals(ErrorCode.CONFLICT, assertThrows(DammException.class, () -> store.replaceRoot(root1)).errorCode());
        store.close();
    }

    @Test
    void creatingOverAnExistingStoreIsAConflict() {
        Path file = dir.resolve("trust.json");
        FileTrustStore.create(file, root1).close();
        assertEquals(ErrorCode.CONFLICT, assertThrows(DammException.class, () -> FileTrustStore.create(file, root1)).errorCode());
    }

    @Test
    void openingAMissingStoreIsNotFound() {
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(DammException.class, () -> FileTrustStore.open(dir.resolve("nope.json"))).errorCode());
    }

    @Test
    void aStoreWhoseRootWasTamperedWithDoesNotOpen() throws IOException {
        Path file = dir.resolve("trust.json");
        FileTrustStore.create(file, root1).close();
        // Swap in a root signed by a key that is not its own root key.
        String forged = java.util.Base64.getEncoder().encodeToString(signRoot(v1, List.of(key(9))));
        String json = Files.readString(file).replaceFirst("\"root\":\"[^\"]+\"", "\"root\":\"" + forged + "\"");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        DammException e = assertThrows(DammException.class, () -> FileTrustStore.open(file));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().startsWith("trustStore.root:"), e.getMessage());
    }

    @Test
    void aTruncatedStoreDoesNotOpen() throws IOException {
        Path file = dir.resolve("trust.json");
        FileTrustStore.create(file, root1).close();
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
        assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(DammException.class, () -> FileTrustStore.open(file)).errorCode());
    }

    @Test
    void inMemoryStoreAppliesTheSameRules() {
        InMemoryTrustStore store = new InMemoryTrustStore(root1);
        assertTrue(accept(store, "eu-central/standard", 3, 1).accepted());
        assertInstanceOf(Acceptance.Refused.class, accept(store, "eu-central/standard", 2, 1));
        assertTrue(accept(store, "eu-central/standard", 3, 1).accepted());
        assertInstanceOf(Acceptance.Refused.class, store.accept("eu-central/standard", AcceptedSerial.of(3, "cd".repeat(32), Set.of(key(2).publicKey().keyId())), 1));
        assertInstanceOf(Acceptance.RootChanged.class, accept(store, "eu-central/standard", 4, 2));
        assertThrows(DammException.class, () -> accept(store, "Bad Scope", 2, 1));
    }
}
