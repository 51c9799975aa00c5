package dev.damm.server.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyFiles;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
    private static final String PASSPHRASE = "a passphrase for the test ring";
    private static final List<String> KEY_FILES = List.of("root-1.key", "root-2.key", "root-3.key", "catalog.key", "admission.key");
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dir;

    private KeyRing open(String passphrase) {
        return KeyRing.openOrCreate(dir.resolve("keys"), passphrase.toCharArray(), clock, random);
    }

    @Test
    void opensslReadsTheRootAndOnlineKeysTheServerWroteAsTheSameKeys() throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not on PATH");
        KeyRing ring = open(PASSPHRASE);
        Path keys = dir.resolve("keys");

        List<Ed25519SigningKey> expected = List.of(ring.rootKeys().get(0), ring.rootKeys().get(1), ring.rootKeys().get(2),
                ring.catalogKey(), ring.admissionKey());
        for (int i = 0; i < KEY_FILES.size(); i++) {
            Run pub = run(keys, "openssl", "pkey", "-in", KEY_FILES.get(i), "-passin", "pass:" + PASSPHRASE, "-pubout");
            assertEquals(0, pub.exit(), KEY_FILES.get(i) + ": " + pub.output());
            assertEquals(KeyFiles.publicKeyPem(expected.get(i).publicKey()).strip(), pub.output().strip(), KEY_FILES.get(i));
        }
        Run wrong = run(keys, "openssl", "pkey", "-in", "root-1.key", "-passin", "pass:not the passphrase", "-pubout");
        assertNotEquals(0, wrong.exit(), "the key file must need its passphrase: " + wrong.output());
    }

    @Test
    void everyKeyFileIsEncryptedAndOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
        open(PASSPHRASE);
        Path keys = dir.resolve("keys");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        for (String name : KEY_FILES) {
            Path p = keys.resolve(name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), name);
            String text = Files.readString(p);
            assertTrue(KeyFiles.isEncryptedPkcs8(text), name + ": " + text);
        }
        try (var s = Files.list(keys)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left behind");
        }
    }

    @Test
    void aSecondOpenLoadsTheSameKeysAndAWrongPassphraseIsRefusedWithItsCode() {
        KeyRing first = open(PASSPHRASE);
        KeyRing second = open(PASSPHRASE);

        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.catalogKey().publicKey(), second.catalogKey().publicKey());
        assertEquals(first.rootKeys().get(2).publicKey(), second.rootKeys().get(2).publicKey());

        DammException e = assertThrows(DammException.class, () -> open("not the passphrase"));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
        assertFalse(e.getMessage().contains("not the passphrase"), e.getMessage());
    }

    @Test
    void anUnencryptedKeyFileFromAnEarlierVersionIsReadOnceAndRewrittenEncryptedAndOwnerOnly() throws IOException {
        KeyRing ring = open(PASSPHRASE);
        Path catalog = dir.resolve("keys/catalog.key");
        // What earlier versions of the ring wrote: unencrypted PKCS#8, here also left world-readable.
        Files.writeString(catalog, KeyFiles.privateKeyPem(ring.catalogKey()));
        Files.setPosixFilePermissions(catalog, PosixFilePermissions.fromString("rw-r--r--"));

        KeyRing reopened = open(PASSPHRASE);

        assertEquals(ring.catalogKey().publicKey(), reopened.catalogKey().publicKey());
        String text = Files.readString(catalog);
        assertTrue(KeyFiles.isEncryptedPkcs8(text), text);
        assertEquals(ring.catalogKey().publicKey(), KeyFiles.decrypt(text, PASSPHRASE.toCharArray()).publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(catalog)));
    }

    @Test
    void aWidenedEncryptedKeyFileIsTightenedBackToOwnerOnly() throws IOException {
        open(PASSPHRASE);
        Path root = dir.resolve("keys/root-1.key");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-rw-r--"));

        open(PASSPHRASE);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
    }

    @Test
    void withoutThePassphraseVariableTheRingKeepsItsOwnOwnerOnlyPassphraseFile() throws IOException {
        assumeTrue(System.getenv(KeyRing.PASSPHRASE_ENV) == null, KeyRing.PASSPHRASE_ENV + " is set here");
        Path keys = dir.resolve("keys");
        KeyRing first = KeyRing.openOrCreate(keys, clock, random);
        KeyRing second = KeyRing.openOrCreate(keys, clock, random);

        Path file = keys.resolve("passphrase");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first.admissionKey().publicKey(), second.admissionKey().publicKey());
        char[] passphrase = Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        assertEquals(first.rootKeys().get(0).publicKey(),
                KeyFiles.decrypt(Files.readString(keys.resolve("root-1.key")), passphrase).publicKey());
    }

    @Test
    void rotationsSignTheNextRootsKeepEveryVersionAndSurviveAReopen() throws IOException {
        KeyRing ring = open(PASSPHRASE);
        Path keys = dir.resolve("keys");
        var signer = ring.catalogSigner();
        var oldCatalog = ring.catalogKey().publicKey();
        var oldRoots = ring.rootKeys().stream().map(Ed25519SigningKey::publicKey).toList();

        RootDocument v2 = ring.rotateCatalogKey();
        assertEquals(2, v2.version());
        assertNotEquals(oldCatalog, ring.catalogKey().publicKey());
        assertEquals(ring.catalogKey().publicKey(), signer.publicKey(), "the signer follows the rotation");
        assertEquals(List.of(ring.catalogKey().publicKey()), v2.catalogKeys().keys());
        assertEquals(oldRoots, ring.rootKeys().stream().map(Ed25519SigningKey::publicKey).toList(), "root keys stay");

        RootDocument v3 = ring.rotateRootKeys();
        assertEquals(3, v3.version());
        assertTrue(java.util.Collections.disjoint(oldRoots, v3.rootKeys().keys()));
        assertEquals(v2.catalogKeys(), v3.catalogKeys());
        assertEquals(3, ring.signedRoots().size());
        assertTrue(ring.signedRoot(4).isEmpty() && ring.signedRoot(0).isEmpty());
        for (int v = 1; v <= 3; v++) {
            assertTrue(Files.exists(keys.resolve("root-" + v + ".json")));
        }
        RootVerifier verifier = new RootVerifier();
        RootUpdate pinned = verifier.pin(ring.signedRoot(1).orElseThrow());
        RootUpdate followed = verifier.follow(((RootUpdate.Accepted) pinned).root(), ring.signedRoots());
        assertEquals(3, ((RootUpdate.Accepted) followed).root().version());
        for (String f : List.of("root-1.key", "root-2.key", "root-3.key", "catalog.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(f))), f);
            assertFalse(Files.exists(keys.resolve(f + ".next")), f + ".next is gone");
        }

        KeyRing again = open(PASSPHRASE);
        assertEquals(3, again.root().version());
        assertEquals(ring.catalogKey().publicKey(), again.catalogKey().publicKey());
        assertEquals(v3.rootKeys().keys(), again.rootKeys().stream().map(Ed25519SigningKey::publicKey).toList());
        assertEquals(new String(ring.signedRoot(2).orElseThrow(), StandardCharsets.UTF_8),
                new String(again.signedRoot(2).orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(3, again.trustAnchor().rootVersion(), "new devices pin the newest root");
    }

    @Test
    void aRotationInterruptedBeforeItsRootIsUndoneAndOneInterruptedAfterIsFinished() throws IOException {
        KeyRing ring = open(PASSPHRASE);
        Path keys = dir.resolve("keys");
        // Crashed before the root was written: a new key no root names.
        Files.copy(keys.resolve("root-1.key"), keys.resolve("catalog.key.next"));
        KeyRing undone = open(PASSPHRASE);
        assertEquals(ring.catalogKey().publicKey(), undone.catalogKey().publicKey());
        assertFalse(Files.exists(keys.resolve("catalog.key.next")));

        // Crashed after the root was written, before the new key was moved into place.
        Path old = keys.resolve("catalog.key.old");
        Files.copy(keys.resolve("catalog.key"), old);
        ring.rotateCatalogKey();
        Files.move(keys.resolve("catalog.key"), keys.resolve("catalog.key.next"));
        Files.move(old, keys.resolve("catalog.key"));
        KeyRing finished = open(PASSPHRASE);
        assertEquals(ring.catalogKey().publicKey(), finished.catalogKey().publicKey());
        assertFalse(Files.exists(keys.resolve("catalog.key.next")));
    }

    @Test
    void rootsOnDiskThatDoNotFormAChainAreRefused() throws IOException {
        KeyRing ring = open(PASSPHRASE);
        ring.rotateCatalogKey();
        Path keys = dir.resolve("keys");
        // Version 2 replaced by a copy of version 1: the chain is broken.
        Files.copy(keys.resolve("root-1.json"), keys.resolve("root-2.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DammException e = assertThrows(DammException.class, () -> open(PASSPHRASE));
        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains("chain"), e.getMessage());
    }

    private record Run(int exit, String output) {}

    private static Run run(Path workDir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command timed out: " + List.of(command));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
