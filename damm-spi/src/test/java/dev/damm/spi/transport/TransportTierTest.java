package dev.damm.spi.transport;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransportTierTest {

    @Test
    void parsesNamesInAnyCaseAndLabels() {
        assertEquals(TransportTier.T0, TransportTier.parse("T0"));
        assertEquals(TransportTier.T1, TransportTier.parse("t1"));
        assertEquals(TransportTier.T2, TransportTier.parse("shadowsocks"));
        assertEquals(TransportTier.T4, TransportTier.parse(" Fronted-WSS "));
        for (TransportTier t : TransportTier.values()) {
            assertEquals(t, TransportTier.parse(t.name()));
            assertEquals(t, TransportTier.parse(t.label()));
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "T5", "T", "wireguardx", "0"})
    void rejectsUnknownTiers(String bad) {
        assertInvalid("transport", () -> TransportTier.parse(bad));
    }
}
