package dev.damm.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.DsseVerifier;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootVerifier;
import dev.damm.spi.DammException;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Arbitrary bytes through envelope parsing and verification: every call returns a result or a
 * {@link DammException}, never anything else. Runs its committed seed inputs in the normal build
 * (regression mode, own surefire execution); {@code JAZZER_FUZZ=1} fuzzes for real (docs/catalog.md).
 */
@Tag("fuzz")
class CatalogEnvelopeFuzzTest {
    private static final CatalogTestRig RIG = new CatalogTestRig();
    private static final byte[] GOOD_CATALOG = RIG.signed(7);

    @FuzzTest(maxDuration = "2m")
    void verifyCatalogEnvelope(byte[] data) {
        Verification v = RIG.verifier(RIG.newStore()).verify(data);
        assertNotNull(v);
        if (v instanceof Verification.Trusted t) {
            // Whatever was trusted must be representable again.
            assertNotNull(CatalogCodec.encode(t.catalog()));
        }
        // The same bytes offered as a newer root must not derail verification of a good catalog.
        assertNotNull(RIG.verifier(RIG.newStore()).verify(GOOD_CATALOG, List.of(data)));
    }

    @FuzzTest(maxDuration = "2m")
    void parseEnvelopeAndRoot(byte[] data) {
        try {
            DsseEnvelope env = DsseEnvelope.parse(data);
            assertArrayEquals(env.toJson(), DsseEnvelope.parse(env.toJson()).toJson());
        } catch (DammException expected) {
            // Malformed input is an expected outcome.
        }
        assertNotNull(new RootVerifier().pin(data));
        assertNotNull(new DsseVerifier(RootDocument.PAYLOAD_TYPE, RIG.rootV1.rootKeys()).verify(data));
        try {
            assertNotNull(CatalogCodec.decode(data));
        } catch (DammException expected) {
            // Malformed input is an expected outcome.
        }
    }
}
