package dev.damm.spi.net;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.2.3.4:51820                     | 1.2.3.4:51820",
            "[2001:DB8::1]:51820               | [2001:db8::1]:51820",
            "[2001:db8:0:0:0:0:0:1]:443        | [2001:db8::1]:443",
            "[::1]:1                           | [::1]:1",
            "[::ffff:1.2.3.4]:65535            | [::ffff:1.2.3.4]:65535",
            "Example.COM:443                   | example.com:443",
            "gw-1.eu.example.net.:51820        | gw-1.eu.example.net.:51820",
            "' 10.0.0.1:7 '                    | 10.0.0.1:7",
            "localhost:8080                    | localhost:8080"})
    void parsesAndCanonicalises(String text, String canonical) {
        Endpoint e = Endpoint.parse(text);
        assertEquals(canonical, e.toString());
        assertEquals(e, Endpoint.parse(e.toString()));
    }

    @Test
    void storesIpv6HostsWithoutBrackets() {
        Endpoint e = Endpoint.parse("[2001:DB8::1]:51820");
        assertEquals("2001:db8::1", e.host());
        assertEquals(51820, e.port());
        assertTrue(e.isIpv6Literal());
        assertTrue(e.isIpLiteral());
        assertEquals(e, new Endpoint("2001:db8:0::1", 51820));
        assertEquals(e, new Endpoint("[2001:db8::1]", 51820));
        assertFalse(Endpoint.parse("example.com:1").isIpLiteral());
        assertTrue(Endpoint.parse("192.0.2.1:1").isIpLiteral());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "1.2.3.4", "[::1", "[::1]", "[::1]x1", "[::1]51820", "::1:51820", "a:b:c"})
    void rejectsMalformedShapesNamingTheEndpoint(String bad) {
        assertInvalid("endpoint", () -> Endpoint.parse(bad));
    }

    @Test
    void rejectsOverlongInputNamingTheEndpoint() {
        assertInvalid("endpoint", () -> Endpoint.parse("x".repeat(262)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:x", "1.2.3.4:", "1.2.3.4:-1", "1.2.3.4:+1",
            "1.2.3.4:123456", "[::1]:", "[::1]:99999", "host:0x10"})
    void rejectsBadPortsNamingThePort(String bad) {
        assertInvalid("endpoint.port", () -> Endpoint.parse(bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1:1", "1.2.3:1", "1.2.3.4.5:1", "01.2.3.4:1", "[::g]:1", "[1::2::3]:1",
            "[1:2:3:4:5:6:7:8:9]:1", "[fe80::1%eth0]:1", "[1.2.3.4]:5", "[example.com]:5", "[]:5",
            "under_score.example.com:1", "-bad.example.com:1", "bad-.example.com:1", "a..b:1", ".example.com:1",
            "exämple.com:1", "\u212Aelvin.example.com:1", "example.123:1", ":51820"})
    void rejectsBadHostsNamingTheHost(String bad) {
        assertInvalid("endpoint.host", () -> Endpoint.parse(bad));
    }

    @Test
    void rejectsLabelsLongerThan63AndNamesLongerThan253() {
        String label63 = "a".repeat(63);
        assertEquals(label63 + ".example.com", Endpoint.parse(label63 + ".example.com:1").host());
        assertInvalid("endpoint.host", () -> Endpoint.parse("a".repeat(64) + ".example.com:1"));
        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertEquals(253, name253.length());
        assertEquals(name253, Endpoint.parse(name253 + ":1").host());
        assertInvalid("endpoint.host", () -> Endpoint.parse(name253 + "a:1"));
    }

    @Test
    void constructorValidatesHostAndPort() {
        assertInvalid("endpoint.host", () -> new Endpoint(null, 1));
        assertInvalid("endpoint.host", () -> new Endpoint("", 1));
        assertInvalid("endpoint.port", () -> new Endpoint("example.com", 0));
        assertInvalid("endpoint.port", () -> new Endpoint("example.com", 65536));
        // Starts with '.', so it must be refused before anything could hand it to a resolver.
        assertInvalid("endpoint.host", () -> new Endpoint(".1:2", 1));
    }

    @Test
    void parseWithFieldNamesThatFieldInEveryError() {
        assertInvalid("Endpoint.port", () -> Endpoint.parse("Endpoint", "1.2.3.4:0"));
        assertInvalid("Endpoint.port", () -> Endpoint.parse("Endpoint", "1.2.3.4:x"));
        assertInvalid("Endpoint.host", () -> Endpoint.parse("Endpoint", "256.1.1.1:1"));
        assertInvalid("Endpoint", () -> Endpoint.parse("Endpoint", "[::1"));
    }
}
