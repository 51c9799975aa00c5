package dev.damm.core.trust;

import static dev.damm.core.trust.TestKeys.key;
import static dev.damm.core.trust.TestKeys.pin;
import static dev.damm.core.trust.TestKeys.root;
import static dev.damm.core.trust.TestKeys.signRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void stateSurvivesReopening() {
        Path file = dir.resolve("trust.json");
        FileTrustStore store = FileTrustStore.create(file, root1);
        store.recordAccepted("eu-central/standard", new AcceptedSerial(7, DIGEST));
        TrustedRoot root2 = ((RootUpdate.Accepted) new RootVerifier().next(root1, signRoot(v2, List.of(key(1))))).root();
        store.replaceRoot(root2);

        FileTrustStore again = FileTrustStore.open(file);
        assertEquals(2, again.root().version());
        assertEquals(v2, again.root().document());
        assertEquals(Optional.of(new AcceptedSerial(7, DIGEST)), again.lastAccepted("eu-central/standard"));
        assertEquals(Optional.empty(), again.lastAccepted("us-east/standard"));
    }

    @Test
    void writesLeaveNoTemporaryFilesBehind() throws IOException {
        Path file = dir.resolve("trust.json");
        FileTrustStore store = FileTrustStore.create(file, root1);
        for (int i = 1; i <= 5; i++) {
            store.recordAccepted("eu-central/standard", new AcceptedSerial(i, DIGEST));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void refusesToMoveASerialBackwards() {
        FileTrustStore store = FileTrustStore.create(dir.resolve("trust.json"), root1);
        store.recordAccepted("eu-central/standard", new AcceptedSerial(9, DIGEST));
        DammException e = assertThrows(DammException.class,
                () -> store.recordAccepted("eu-central/standard", new AcceptedSerial(8, DIGEST)));
        assertEquals(ErrorCode.CONFLICT, e.errorCode());
        assertEquals(9, FileTrustStore.open(store.file()).lastAccepted("eu-central/standard").orElseThrow().serial());
    }

    @Test
    void refusesToReplaceTheRootWithAnOlderOrEqualVersion() {
        FileTrustStore store = FileTrustStore.create(dir.resolve("trust.json"), root1);
        assertEquals(ErrorCode.CONFLICT, assertThrows(DammException.class, () -> store.replaceRoot(root1)).errorCode());
    }

    @Test
    void creatingOverAnExistingStoreIsAConflict() {
        Path file = dir.resolve("trust.json");
        FileTrustStore.create(file, root1);
        assertEquals(ErrorCode.CONFLICT, assertThrows(DammException.class, () -> FileTrustStore.create(file, root1)).errorCode());
    }

    @Test
    void openingAMissingStoreIsNotFound() {
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(DammException.class, () -> FileTrustStore.open(dir.resolve("nope.json"))).errorCode());
    }

    @Test
    void aStoreWhoseRootWasTamperedWithDoesNotOpen() throws IOException {
        Path file = dir.resolve("trust.json");
        FileTrustStore.create(file, root1);
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
        FileTrustStore.create(file, root1);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
        assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(DammException.class, () -> FileTrustStore.open(file)).errorCode());
    }

    @Test
    void inMemoryStoreAppliesTheSameRules() {
        InMemoryTrustStore store = new InMemoryTrustStore(root1);
        store.recordAccepted("eu-central/standard", new AcceptedSerial(3, DIGEST));
        assertThrows(DammException.class, () -> store.recordAccepted("eu-central/standard", new AcceptedSerial(2, DIGEST)));
        assertThrows(DammException.class, () -> store.recordAccepted("Bad Scope", new AcceptedSerial(2, DIGEST)));
    }
}
