package dev.damm.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpLiterals;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.wireguard.WireGuardPrivateKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DammJsonModuleTest {
    static final String PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    static final String PRIV = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

    static <T> T read(String json, Class<T> type) {
        return DammJson.readBounded(json.getBytes(StandardCharsets.UTF_8), type, 1 << 16);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(CountryCode.of("de"), "\"DE\""),
                Arguments.of(RegionCode.of("eu-central"), "\"eu-central\""),
                Arguments.of(DnsName.of("GW1.example.NET"), "\"gw1.example.net\""),
                Arguments.of(Endpoint.parse("gw1.example.net:51820"), "\"gw1.example.net:51820\""),
                Arguments.of(Endpoint.parse("192.0.2.1:443"), "\"192.0.2.1:443\""),
                Arguments.of(Endpoint.parse("[2001:DB8::1]:51820"), "\"[2001:db8::1]:51820\""),
                Arguments.of(IpNetwork.parse("10.44.0.10/32"), "\"10.44.0.10/32\""),
                Arguments.of(IpNetwork.parse("fd44::/64"), "\"fd44::/64\""),
                Arguments.of(WireGuardKey.parse(PUB), "\"" + PUB + "\""),
                Arguments.of(TransportTier.T0, "\"T0\""),
                Arguments.of(TransportTier.T4, "\"T4\""));
    }

    @ParameterizedTest
    @MethodSource("values")
    void writesEachValueAsAPlainStringAndReadsItBack(Object value, String json) {
        assertEquals(json, DammJson.writeString(value));
        assertEquals(value, read(json, value.getClass()));
    }

    @Test
    void addressesAreLiteralsAndNeverResolved() {
        InetAddress mapped = IpLiterals.parse("t", "::ffff:1.2.3.4");
        assertEquals("\"::ffff:1.2.3.4\"", DammJson.writeString(mapped));
        assertInstanceOf(Inet6Address.class, read("\"::ffff:1.2.3.4\"", InetAddress.class));
        assertEquals(IpLiterals.parse("t", "10.0.0.1"), read("\"10.0.0.1\"", InetAddress.class));
        // Jackson's own InetAddress support would look this name up.
        DammException e = assertThrows(DammException.class, () -> read("\"localhost\"", InetAddress.class));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("address: "), e.getMessage());
    }

    @Test
    void transportTiersAreReadFromTheirNamesOrLabels() {
        assertEquals(TransportTier.T1, read("\"amneziawg\"", TransportTier.class));
        DammException e = assertThrows(DammException.class, () -> read("\"T9\"", TransportTier.class));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
    }

    @Test
    void valuesMustBeJsonStrings() {
        DammException e = assertThrows(DammException.class, () -> read("{\"exitCountry\": 49}", Placement.class));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().startsWith("exitCountry: "), e.getMessage());
    }

    record Placement(CountryCode exitCountry, List<IpNetwork> allowedIps, Door door) {}

    record Door(Endpoint endpoint, WireGuardKey publicKey) {}

    @Test
    void anInvalidValueInsideADocumentNamesItsJsonPath() {
        DammException country = assertThrows(DammException.class, () -> read("{\"exitCountry\":\"XX\"}", Placement.class));
        assertEquals(ErrorCode.INVALID_ARGUMENT, country.errorCode());
        assertEquals("exitCountry: must be an ISO 3166-1 alpha-2 code, was 'XX'", country.getMessage());

        DammException network = assertThrows(DammException.class,
                () -> read("{\"allowedIps\":[\"10.0.0.0/8\",\"10.0.0.0/33\"]}", Placement.class));
        assertEquals(ErrorCode.INVALID_ARGUMENT, network.errorCode());
        assertTrue(network.getMessage().startsWith("allowedIps[1]: prefix length must be between 0 and 32"), network.getMessage());

        DammException port = assertThrows(DammException.class, () -> read("{\"door\":{\"endpoint\":\"1.2.3.4:0\"}}", Placement.class));
        assertEquals("door.endpoint.port: must be between 1 and 65535, was 0", port.getMessage());

        DammException key = assertThrows(DammException.class, () -> read("{\"door\":{\"publicKey\":\"abc\"}}", Placement.class));
        assertTrue(key.getMessage().startsWith("door.publicKey: "), key.getMessage());
    }

    @Test
    void aTopLevelValueKeepsItsOwnFieldName() {
        DammException e = assertThrows(DammException.class, () -> read("\"XX\"", CountryCode.class));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("countryCode: "), e.getMessage());
    }

    record Enrollment(String device, WireGuardPrivateKey privateKey) {}

    @Test
    void privateKeysAreNeverWritten() {
        WireGuardPrivateKey secret = WireGuardPrivateKey.parse(PRIV);
        DammException alone = assertThrows(DammException.class, () -> DammJson.write(secret));
        assertEquals(ErrorCode.PRIVATE_KEY_REFUSED, alone.errorCode());
        DammException nested = assertThrows(DammException.class, () -> DammJson.write(new Enrollment("laptop", secret)));
        assertEquals(ErrorCode.PRIVATE_KEY_REFUSED, nested.errorCode());
        assertTrue(nested.getMessage().startsWith("privateKey: "), nested.getMessage());
        assertFalse(nested.getMessage().contains(PRIV.substring(0, 8)));
        // Through a mapper handed to a framework, too.
        assertThrows(Exception.class, () -> DammJson.strict().writeValueAsString(secret));
    }

    @Test
    void privateKeysAreNeverRead() {
        DammException e = assertThrows(DammException.class,
                () -> read("{\"device\":\"laptop\",\"privateKey\":\"" + PRIV + "\"}", Enrollment.class));
        assertEquals(ErrorCode.PRIVATE_KEY_REFUSED, e.errorCode());
        assertTrue(e.getMessage().startsWith("privateKey: "), e.getMessage());
        assertFalse(e.getMessage().contains(PRIV.substring(0, 8)));
    }
}
