package dev.damm.spi.wireguard;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingTableTest {

    @Test
    void knowsOffAutoAndNumbers() {
        assertTrue(RoutingTable.parse("Table", "off").isOff());
        assertTrue(RoutingTable.parse("Table", "auto").isAuto());
        assertEquals(OptionalLong.empty(), RoutingTable.AUTO.id());
        assertEquals(OptionalLong.of(1234), RoutingTable.parse("Table", "01234").id());
        assertEquals("1234", RoutingTable.id(1234).value());
        assertEquals(RoutingTable.id(4294967295L), RoutingTable.parse("Table", "4294967295"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Off", "AUTO", "main", "0", "4294967296", "-1", "1 2"})
    void rejectsEverythingElse(String bad) {
        assertInvalid("table", () -> new RoutingTable(bad));
    }

    @Test
    void idRejectsOutOfRange() {
        assertInvalid("table", () -> RoutingTable.id(0));
        assertInvalid("table", () -> RoutingTable.id(1L << 32));
    }
}
