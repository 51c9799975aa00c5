package dev.damm.spi.net;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpNetworkTest {

    private static InetAddress ip(String literal) {
        return IpLiterals.parse("test", literal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.44.0.10/32      | 10.44.0.10/32",
            "10.44.0.10         | 10.44.0.10/32",
            "0.0.0.0/0          | 0.0.0.0/0",
            "2001:DB8::1/64     | 2001:db8::1/64",
            "::/0               | ::/0",
            "fd00::1            | fd00::1/128",
            "::ffff:0:0/96      | ::ffff:0.0.0.0/96",
            "' 192.168.1.7/24 ' | 192.168.1.7/24"})
    void parsesAndPrintsCanonically(String text, String canonical) {
        IpNetwork n = IpNetwork.parse(text);
        assertEquals(canonical, n.toString());
        assertEquals(n, IpNetwork.parse(n.toString()));
    }

    @Test
    void networkClearsHostBits() {
        assertEquals("10.44.0.0/24", IpNetwork.parse("10.44.0.10/24").network().toString());
        assertEquals("0.0.0.0/0", IpNetwork.parse("10.44.0.10/0").network().toString());
        assertEquals("2001:db8::/32", IpNetwork.parse("2001:db8:ffff::1/32").network().toString());
        assertEquals("10.44.0.10/32", IpNetwork.parse("10.44.0.10/32").network().toString());
    }

    @Test
    void ipv4MappedNetworksStayIpv6ThroughArithmetic() {
        IpNetwork mapped = IpNetwork.parse("::ffff:10.0.0.0/104");
        assertFalse(mapped.isIpv4());
        assertEquals("::ffff:10.0.0.0/104", mapped.network().toString());
        assertInstanceOf(Inet6Address.class, mapped.addressAt(BigInteger.valueOf(5)));
        assertEquals("::ffff:10.0.0.5", IpLiterals.format(mapped.addressAt(BigInteger.valueOf(5))));
        assertFalse(mapped.contains(ip("10.0.0.5")), "an IPv4 address is not inside an IPv6 network");
    }

    @Test
    void containsChecksPrefixAndFamily() {
        IpNetwork v4 = IpNetwork.parse("10.44.0.0/16");
        assertTrue(v4.contains(ip("10.44.255.255")));
        assertTrue(v4.contains(ip("10.44.0.0")));
        assertFalse(v4.contains(ip("10.45.0.0")));
        assertFalse(v4.contains(ip("::ffff:10.44.0.1")));
        IpNetwork v6 = IpNetwork.parse("2001:db8::/126");
        assertTrue(v6.contains(ip("2001:db8::3")));
        assertFalse(v6.contains(ip("2001:db8::4")));
        assertFalse(v6.contains(ip("10.44.0.1")));
        assertTrue(IpNetwork.parse("::/0").contains(ip("ffff::1")));
        assertTrue(IpNetwork.parse("0.0.0.0/0").contains(ip("255.255.255.255")));
        assertInvalid("address", () -> v4.contains(null));
    }

    @Test
    void sizeIsTwoToTheHostBits() {
        assertEquals(BigInteger.ONE, IpNetwork.parse("10.0.0.1/32").size());
        assertEquals(BigInteger.valueOf(256), IpNetwork.parse("10.0.0.0/24").size());
        assertEquals(BigInteger.ONE.shiftLeft(32), IpNetwork.parse("0.0.0.0/0").size());
        assertEquals(BigInteger.ONE.shiftLeft(64), IpNetwork.parse("fd00::/64").size());
        assertEquals(BigInteger.ONE.shiftLeft(128), IpNetwork.parse("::/0").size());
    }

    @Test
    void addressAtAndOffsetOfAreInverse() {
        IpNetwork v4 = IpNetwork.parse("10.44.0.99/24");
        assertEquals(ip("10.44.0.0"), v4.addressAt(BigInteger.ZERO));
        assertEquals(ip("10.44.0.10"), v4.addressAt(BigInteger.TEN));
        assertEquals(ip("10.44.0.255"), v4.addressAt(BigInteger.valueOf(255)));
        assertEquals(BigInteger.TEN, v4.offsetOf(ip("10.44.0.10")));
        IpNetwork v6 = IpNetwork.parse("fd00:1::/64");
        InetAddress last = v6.addressAt(v6.size().subtract(BigInteger.ONE));
        assertEquals(ip("fd00:1::ffff:ffff:ffff:ffff"), last);
        assertEquals(v6.size().subtract(BigInteger.ONE), v6.offsetOf(last));
        for (int i = 0; i < 300; i += 37) {
            BigInteger off = BigInteger.valueOf(i);
            assertEquals(off, v6.offsetOf(v6.addressAt(off)));
        }
    }

    @Test
    void addressAtAndOffsetOfRejectWhatLiesOutside() {
        IpNetwork v4 = IpNetwork.parse("10.44.0.0/24");
        assertInvalid("offset", () -> v4.addressAt(BigInteger.valueOf(256)));
        assertInvalid("offset", () -> v4.addressAt(BigInteger.valueOf(-1)));
        assertInvalid("offset", () -> v4.addressAt(null));
        assertInvalid("address", () -> v4.offsetOf(ip("10.44.1.0")));
        assertInvalid("address", () -> v4.offsetOf(ip("fd00::1")));
        assertInvalid("address", () -> v4.offsetOf(null));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1",
            "10.0.0.0/1000", "1.2.3/8", "256.1.1.1/8", "::g/64", "[::1]/128", "example.com/32", "10.0.0.0/8/8",
            "fe80::1%eth0/64"})
    void rejectsMalformedNetworks(String bad) {
        assertInvalid("ipNetwork", () -> IpNetwork.parse(bad));
    }

    @Test
    void parseNamesTheCallersField() {
        assertInvalid("AllowedIPs", () -> IpNetwork.parse("AllowedIPs", "10.0.0.0/33"));
    }

    @Test
    void constructorValidatesPrefixLengthForTheFamily() {
        assertInvalid("prefixLength", () -> new IpNetwork(ip("10.0.0.0"), 33));
        assertInvalid("prefixLength", () -> new IpNetwork(ip("10.0.0.0"), -1));
        assertInvalid("prefixLength", () -> new IpNetwork(ip("::"), 129));
        assertInvalid("address", () -> new IpNetwork(null, 0));
        assertEquals("::/128", IpNetwork.host(ip("::")).toString());
    }

    @Test
    void sortsIpv4BeforeIpv6ThenByAddressThenPrefix() {
        List<IpNetwork> list = new ArrayList<>(List.of(IpNetwork.parse("fd00::/8"), IpNetwork.parse("10.0.0.0/16"),
                IpNetwork.parse("10.0.0.0/8"), IpNetwork.parse("9.0.0.0/8")));
        Collections.sort(list);
        assertEquals("[9.0.0.0/8, 10.0.0.0/8, 10.0.0.0/16, fd00::/8]", list.toString());
    }
}
