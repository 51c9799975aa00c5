package dev.damm.spi.net;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsNameTest {

    @Test
    void lowerCasesAndKeepsATrailingDot() {
        assertEquals("example.com", DnsName.of("Example.COM").value());
        assertEquals("corp.internal.", DnsName.of("corp.internal.").value());
        assertEquals("xn--bcher-kva.example", DnsName.of("xn--bcher-kva.example").value());
        assertEquals("localhost", DnsName.of("localhost").toString());
        assertEquals("1password.com", DnsName.of("1password.com").value());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "under_score.com", "-a.com", "a-.com", "a..b", ".a", "a b", "bücher.example",
            "1.2.3", "256.1.1.1", "example.123", "a/b", "."})
    void rejectsWhatIsNotAName(String bad) {
        assertInvalid("dnsName", () -> DnsName.of(bad));
    }

    @Test
    void rejectsOverlongLabelsAndNames() {
        assertInvalid("dnsName", () -> DnsName.of("a".repeat(64) + ".com"));
        assertInvalid("dnsName", () -> DnsName.of(("a".repeat(63) + ".").repeat(4) + "com"));
        assertInvalid("DNS", () -> DnsName.parse("DNS", "a_b"));
    }
}
