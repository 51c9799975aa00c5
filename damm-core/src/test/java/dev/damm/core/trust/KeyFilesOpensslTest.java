package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted key files against OpenSSL, in both directions. Runs where {@code openssl} is on PATH. */
class KeyFilesOpensslTest {
    private static final String PASSPHRASE = "correct horse battery";
    private final Ed25519SigningKey key = TestKeys.key(21);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsOpenssl() {
        String path = System.getenv("PATH");
        boolean found = false;
        for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(d, "openssl"));
        }
        assumeTrue(found, "openssl is not on PATH");
    }

    private record Run(int exit, String output) {}

    private Run openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl timed out: " + cmd);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void opensslOpensAnEncryptedKeyFileAndDerivesTheSamePublicKey() throws Exception {
        Files.writeString(dir.resolve("key.pem"), KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), new SecureRandom()));

        Run pub = openssl("pkey", "-in", "key.pem", "-passin", "pass:" + PASSPHRASE, "-pubout");
        assertEquals(0, pub.exit(), pub.output());
        assertEquals(KeyFiles.publicKeyPem(key.publicKey()).strip(), pub.output().strip());

        Run wrong = openssl("pkey", "-in", "key.pem", "-passin", "pass:incorrect pony", "-pubout");
        assertNotEquals(0, wrong.exit(), "openssl must refuse the wrong passphrase: " + wrong.output());
    }

    @Test
    void keyFilesOpensWhatOpensslEncryptsWithPbkdf2AndWithScrypt() throws Exception {
        Files.writeString(dir.resolve("plain.pem"), KeyFiles.privateKeyPem(key));
        Run pbkdf2 = openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "pbkdf2.pem", "-passout", "pass:" + PASSPHRASE);
        assertEquals(0, pbkdf2.exit(), pbkdf2.output());
        Run scrypt = openssl("pkcs8", "-topk8", "-scrypt", "-in", "plain.pem", "-out", "scrypt.pem", "-passout", "pass:" + PASSPHRASE);
        assertEquals(0, scrypt.exit(), scrypt.output());

        for (String file : List.of("pbkdf2.pem", "scrypt.pem")) {
            String text = Files.readString(dir.resolve(file));
            assertTrue(KeyFiles.isEncryptedPkcs8(text), text);
            assertEquals(key.publicKey(), KeyFiles.decrypt(text, PASSPHRASE.toCharArray()).publicKey(), file);
        }
    }
}
