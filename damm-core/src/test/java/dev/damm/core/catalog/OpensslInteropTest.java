package dev.damm.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks Java-signed catalogs against OpenSSL, the verifier anyone can run. */
class OpensslInteropTest {
    private static final String PUB_DER_PREFIX = "302a300506032b6570032100";
    private static final String PKCS8_DER_PREFIX = "302e020100300506032b657004220420";

    private final CatalogTestRig rig = new CatalogTestRig();
    private final Ed25519SigningKey key = rig.catalogKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsOpenssl() {
        assumeTrue(onPath("openssl"), "openssl is not on PATH");
    }

    static boolean onPath(String tool) {
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

    private record Run(int exit, String output) {}

    private Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "command timed out: " + command);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Run openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private DsseEnvelope signedCatalog() {
        return DsseEnvelope.parse(rig.signed(7));
    }

    @Test
    void opensslVerifiesAJavaSignedCatalog() throws Exception {
        DsseEnvelope env = signedCatalog();
        Files.write(dir.resolve("pae"), env.pae());
        Files.write(dir.resolve("sig"), env.signatures().get(0).sig());
        Files.write(dir.resolve("pub.der"), HexFormat.of().parseHex(PUB_DER_PREFIX + HexFormat.of().formatHex(key.publicKey().raw())));

        Run ok = openssl("pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", "pub.der", "-rawin", "-in", "pae", "-sigfile", "sig");
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("Signature Verified Successfully"), ok.output());

        byte[] tampered = env.pae();
        tampered[tampered.length - 2] ^= 1;
        Files.write(dir.resolve("pae"), tampered);
        Run bad = openssl("pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", "pub.der", "-rawin", "-in", "pae", "-sigfile", "sig");
        assertNotEquals(0, bad.exit(), "openssl must refuse a changed payload: " + bad.output());
    }

    @Test
    void opensslSigningFromTheSameSeedGivesTheIdenticalSignature() throws Exception {
        DsseEnvelope env = signedCatalog();
        Files.write(dir.resolve("pae"), env.pae());
        Files.write(dir.resolve("key.der"), HexFormat.of().parseHex(PKCS8_DER_PREFIX + HexFormat.of().formatHex(key.exportSeed())));

        Run signed = openssl("pkeyutl", "-sign", "-keyform", "DER", "-inkey", "key.der", "-rawin", "-in", "pae", "-out", "sig.openssl");
        assertEquals(0, signed.exit(), signed.output());
        assertArrayEquals(env.signatures().get(0).sig(), Files.readAllBytes(dir.resolve("sig.openssl")));
    }

    @Test
    void opensslReadsTheExportedPemKeysAsTheSameKey() throws Exception {
        Files.writeString(dir.resolve("key.pem"), KeyFiles.privateKeyPem(key));
        Run pub = openssl("pkey", "-in", "key.pem", "-pubout");
        assertEquals(0, pub.exit(), pub.output());
        assertEquals(KeyFiles.publicKeyPem(key.publicKey()).strip(), pub.output().strip());
    }

    @Test
    void theShellRecipeInTheDocsVerifiesAPublishedCatalog() throws Exception {
        assumeTrue(onPath("bash") && onPath("sha256sum"), "bash and coreutils are needed for the recipe");
        String recipe = recipeFromDocs();
        // Sign with an unknown key too, so the recipe has to pick the right signature.
        Files.write(dir.resolve("catalog.json"), rig.signed(8, dev.damm.core.trust.TestKeys.key(90), key));
        Files.writeString(dir.resolve("catalog-pub.pem"), KeyFiles.publicKeyPem(key.publicKey()));
        Files.writeString(dir.resolve("recipe.sh"), recipe);

        Run ok = run(List.of("bash", "recipe.sh"));
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("Signature Verified Successfully"), ok.output());

        Files.writeString(dir.resolve("catalog-pub.pem"), KeyFiles.publicKeyPem(rig.root1.publicKey()));
        assertNotEquals(0, run(List.of("bash", "recipe.sh")).exit(), "the recipe must fail for a key that did not sign");
    }

    /** Returns the first {@code sh} block after the {@code <!-- recipe:verify -->} marker in docs/catalog.md. */
    static String recipeFromDocs() throws IOException {
        Path docs = Path.of("..", "docs", "catalog.md");
        if (!Files.exists(docs)) {
            docs = Path.of("docs", "catalog.md");
        }
        String md = Files.readString(docs);
        int marker = md.indexOf("<!-- recipe:verify -->");
        assertTrue(marker >= 0, "docs/catalog.md has no recipe marker");
        int start = md.indexOf("```sh\n", marker) + "```sh\n".length();
        int end = md.indexOf("```", start);
        return "set -eu\n" + md.substring(start, end);
    }
}
