package dev.damm.examples.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.catalog.Verification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignAndVerifyCatalogTest {
    @TempDir
    Path dir;

    @Test
    void theWalkThroughEndsWithTheRotatedCatalogTrustedAndTheReplayRefused() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Verification last = SignAndVerifyCatalog.run(dir, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);

        Verification.Trusted t = assertInstanceOf(Verification.Trusted.class, last);
        assertEquals(2, t.catalog().serial());
        assertEquals(2, t.rootVersion());
        assertTrue(out.contains("catalog 1 -> trusted: serial 1"), out);
        assertTrue(out.contains("catalog 2 alone -> rejected: unknown_key"), out);
        assertTrue(out.contains("catalog 1 replayed -> rejected:"), out);
        assertTrue(Files.size(dir.resolve("catalog.json")) > 0 && Files.exists(dir.resolve("catalog-pub.pem")));
    }
}
