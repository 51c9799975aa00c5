package dev.damm.spi.net;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.2.3.4                     | 1.2.3.4",
            "0.0.0.0                     | 0.0.0.0",
            "2001:0DB8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
            "2001:db8:0:1:1:1:1:1        | 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1          | 2001:0:0:1::1",
            "1:0:0:2:0:0:3:4             | 1::2:0:0:3:4",
            "::                          | ::",
            "1::                         | 1::",
            "::ffff:1.2.3.4              | ::ffff:1.2.3.4",
            "0:0:0:0:0:FFFF:0102:0304    | ::ffff:1.2.3.4",
            "::1.2.3.4                   | ::102:304"})
    void formatsRfc5952(String literal, String canonical) {
        assertEquals(canonical, IpLiterals.format(IpLiterals.parse("ip", literal)));
    }

    @Test
    void ipv6LiteralsAlwaysYieldIpv6Addresses() {
        assertInstanceOf(Inet6Address.class, IpLiterals.parse("ip", "::ffff:1.2.3.4"));
        assertInstanceOf(Inet4Address.class, IpLiterals.parse("ip", "1.2.3.4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "::g", "1::2::3", ":::",
            "1:2:3:4:5:6:7:8:9", "[::1]", "fe80::1%1", "localhost", "example.com", ".1:2", "-1:2", "1.2.3.4 "})
    void rejectsWhatIsNotALiteralWithoutResolvingIt(String bad) {
        assertInvalid("ip", () -> IpLiterals.parse("ip", bad));
    }
}
