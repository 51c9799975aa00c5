package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.spi.DammException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The twelve edge-case vectors of "Taming the many EdDSAs" (small-order A and R, mixed order,
 * cofactored versus cofactorless equations, S out of range, non-canonical R and A): DAMM must
 * reach libsodium's verdict on each, read from the paper's table beside the vectors.
 */
class Ed25519SpeccheckTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void verdictsEqualLibsodiumOnEveryVector() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(resource("cases.json"));
        List<Boolean> libsodium = column("LibSodium");
        assertEquals(12, cases.size());
        assertEquals(cases.size(), libsodium.size());
        List<Boolean> damm = new ArrayList<>();
        for (JsonNode c : cases) {
            damm.add(verdict(HEX.parseHex(c.get("pub_key").asText()), HEX.parseHex(c.get("message").asText()),
                    HEX.parseHex(c.get("signature").asText())));
        }
        assertEquals(libsodium, damm, "DAMM's verdicts (true = accepted) per vector 0..11");
    }

    @Test
    void bouncyCastlesOwnColumnDiffersSoTheTableIsReallyRead() throws IOException {
        // Guards the test above against a table that parses to libsodium's column for every row.
        assertEquals(List.of(true, true, true, true, false, false, false, false, false, false, false, false), column("BouncyCastle"));
    }

    private static boolean verdict(byte[] pub, byte[] msg, byte[] sig) {
        Ed25519PublicKey key;
        try {
            key = Ed25519PublicKey.ofRaw(pub);
        } catch (DammException e) {
            return false;
        }
        return key.verify(msg, sig);
    }

    private static List<Boolean> column(String library) throws IOException {
        for (String line : new String(resource("results.md"), StandardCharsets.UTF_8).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 2 && cells[1].strip().equals(library)) {
                List<Boolean> out = new ArrayList<>();
                for (int i = 2; i < cells.length; i++) {
                    String v = cells[i].strip();
                    if (!v.isEmpty()) {
                        out.add(v.equals("V"));
                    }
                }
                return out;
            }
        }
        throw new AssertionError("no row for " + library);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Ed25519SpeccheckTest.class.getResourceAsStream("/ed25519-speccheck/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
