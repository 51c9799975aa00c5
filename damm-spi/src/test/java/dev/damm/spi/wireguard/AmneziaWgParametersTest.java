package dev.damm.spi.wireguard;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AmneziaWgParametersTest {

    @Test
    void acceptsTheDocumentedBoundaries() {
        assertEquals(1, new AmneziaWgParameters(1, 0, 0, 0, 0, 5, 6, 7, 8).jc());
        assertEquals(128, new AmneziaWgParameters(128, 1280, 1280, 1132, 1187, 0xFFFF_FFFFL, 6, 7, 8).jc());
        assertEquals(1188, new AmneziaWgParameters(4, 40, 70, 1131, 1188, 5, 6, 7, 8).s2());
        // Both paddings at their maximum make both handshake messages 1280 bytes long: refused.
        assertInvalid("S2", () -> new AmneziaWgParameters(4, 40, 70, 1132, 1188, 5, 6, 7, 8));
        // Equal Jmin and Jmax: fixed-size junk, as `awg genconf` may produce.
        assertEquals(50, new AmneziaWgParameters(4, 50, 50, 15, 18, 5, 6, 7, 8).jmax());
    }

    @Test
    void rejectsValuesOutsideTheDocumentedLimitsNamingTheKey() {
        assertInvalid("Jc", () -> new AmneziaWgParameters(0, 40, 70, 15, 18, 5, 6, 7, 8));
        assertInvalid("Jc", () -> new AmneziaWgParameters(129, 40, 70, 15, 18, 5, 6, 7, 8));
        assertInvalid("Jmin", () -> new AmneziaWgParameters(4, -1, 70, 15, 18, 5, 6, 7, 8));
        assertInvalid("Jmax", () -> new AmneziaWgParameters(4, 40, 1281, 15, 18, 5, 6, 7, 8));
        assertInvalid("Jmax", () -> new AmneziaWgParameters(4, 71, 70, 15, 18, 5, 6, 7, 8));
        assertInvalid("S1", () -> new AmneziaWgParameters(4, 40, 70, 1133, 18, 5, 6, 7, 8));
        assertInvalid("S1", () -> new AmneziaWgParameters(4, 40, 70, -1, 18, 5, 6, 7, 8));
        assertInvalid("S2", () -> new AmneziaWgParameters(4, 40, 70, 15, 1189, 5, 6, 7, 8));
        assertInvalid("S2", () -> new AmneziaWgParameters(4, 40, 70, 15, 71, 5, 6, 7, 8));
        assertInvalid("S2", () -> new AmneziaWgParameters(4, 40, 70, 0, 56, 5, 6, 7, 8));
    }

    @Test
    void headersMustAvoidWireGuardsTypesAndEachOther() {
        for (long wireGuardType = 1; wireGuardType <= 4; wireGuardType++) {
            long h = wireGuardType;
            assertInvalid("H3", () -> new AmneziaWgParameters(4, 40, 70, 15, 18, 5, 6, h, 8));
        }
        assertInvalid("H1", () -> new AmneziaWgParameters(4, 40, 70, 15, 18, 0, 6, 7, 8));
        assertInvalid("H4", () -> new AmneziaWgParameters(4, 40, 70, 15, 18, 5, 6, 7, 0x1_0000_0000L));
        assertInvalid("H2", () -> new AmneziaWgParameters(4, 40, 70, 15, 18, 5, 5, 7, 8));
        assertInvalid("H4", () -> new AmneziaWgParameters(4, 40, 70, 15, 18, 5, 6, 7, 6));
    }
}
