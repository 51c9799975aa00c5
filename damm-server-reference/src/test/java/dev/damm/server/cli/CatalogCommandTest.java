package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code damm catalog verify} on the files {@code damm demo} writes: its root and its signed catalog. */
class CatalogCommandTest {
    @TempDir
    static Path data;
    @TempDir
    static Path other;

    private record Run(int rc, String out, String err) {}

    private static Run damm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @BeforeAll
    static void runTheDemoTwice() {
        // Two data directories: two independent key rings, so one's root must not vouch for the other's catalog.
        assertEquals(0, damm("demo", "--once", "--port", "0", "--data-dir", data.toString()).rc());
        assertEquals(0, damm("demo", "--once", "--port", "0", "--data-dir", other.toString()).rc());
    }

    private static Path root(Path dir) {
        return dir.resolve("keys").resolve("root-1.json");
    }

    private static Path catalog(Path dir) {
        return dir.resolve("catalog-eu-central-demo.json");
    }

    @Test
    void theDemosCatalogVerifiesAgainstItsRoot() {
        assertTrue(Files.exists(root(data)) && Files.exists(catalog(data)));
        Run r = damm("catalog", "verify", "--root", root(data).toString(), "--catalog", catalog(data).toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().startsWith("trusted: eu-central/demo serial 1, root v1, signed by 1 catalog key"), r.out());
        assertEquals("", r.err());

        Run scoped = damm("catalog", "verify", "--root", root(data).toString(), "--catalog", catalog(data).toString(),
                "--scope", "eu-central/demo");
        assertEquals(0, scoped.rc(), scoped.err());
    }

    @Test
    void anotherRootsCatalogIsRejectedWithItsCode() {
        Run r = damm("catalog", "verify", "--root", root(other).toString(), "--catalog", catalog(data).toString());
        assertEquals(2, r.rc());
        assertTrue(r.err().startsWith("damm: "), r.err());
        assertTrue(r.err().contains("catalog: rejected ("), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void aTamperedCatalogIsRejected(@TempDir Path dir) throws Exception {
        // Flip one byte of the signed payload: the envelope still parses, the signature no longer matches.
        String json = Files.readString(catalog(data), StandardCharsets.UTF_8);
        var tree = dev.damm.core.json.DammJson.strict().readTree(json);
        byte[] payload = Base64.getDecoder().decode(tree.get("payload").asText());
        String text = new String(payload, StandardCharsets.UTF_8).replaceFirst("\"serial\":1", "\"serial\":7");
        assertFalse(text.equals(new String(payload, StandardCharsets.UTF_8)), "the payload names its serial");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("payload",
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, tree.toString());
        Run r = damm("catalog", "verify", "--root", root(data).toString(), "--catalog", tampered.toString());
        assertEquals(2, r.rc(), r.out());
        assertTrue(r.err().startsWith("damm: signature_invalid: catalog: rejected ("), r.err());
    }

    @Test
    void theWrongScopeMissingFilesAndNonCatalogsAreTypedFailures(@TempDir Path dir) throws Exception {
        Run wrongScope = damm("catalog", "verify", "--root", root(data).toString(), "--catalog", catalog(data).toString(),
                "--scope", "us-east/standard");
        assertEquals(2, wrongScope.rc());
        assertTrue(wrongScope.err().contains("catalog: rejected (scope_mismatch"), wrongScope.err());

        Run missing = damm("catalog", "verify", "--root", dir.resolve("nope.json").toString(), "--catalog", catalog(data).toString());
        assertEquals(2, missing.rc());
        assertTrue(missing.err().startsWith("damm: not_found: root: "), missing.err());

        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"not\": \"a catalog\"}");
        Run notACatalog = damm("catalog", "verify", "--root", root(data).toString(), "--catalog", junk.toString());
        assertEquals(2, notACatalog.rc());
        assertTrue(notACatalog.err().startsWith("damm: malformed_input: catalog: "), notACatalog.err());

        Run rootAsCatalog = damm("catalog", "verify", "--root", catalog(data).toString(), "--catalog", catalog(data).toString());
        assertEquals(2, rootAsCatalog.rc());
        assertTrue(rootAsCatalog.err().contains("root: "), rootAsCatalog.err());
        for (Run r : new Run[] {wrongScope, missing, notACatalog, rootAsCatalog}) {
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void theCommandLineListsCatalogVerify() {
        Run help = damm("catalog", "--help");
        assertEquals(0, help.rc());
        assertTrue(help.out().contains("verify"), help.out());
    }
}
