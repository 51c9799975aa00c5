package dev.damm.spi.wireguard;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireGuardKeyTest {
    // The public key from wg(8)'s example configuration.
    static final String KEY = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    @Test
    void parsesTheFormWgPrints() {
        WireGuardKey k = WireGuardKey.parse(KEY);
        assertEquals(KEY, k.base64());
        assertEquals(KEY, k.toString());
        assertArrayEquals(Base64.getDecoder().decode(KEY), k.bytes());
        assertEquals(k, WireGuardKey.parse("  " + KEY + " "));
        assertEquals(k, WireGuardKey.ofBytes(k.bytes()));
        assertEquals(k.hashCode(), WireGuardKey.ofBytes(k.bytes()).hashCode());
    }

    @Test
    void copiesBytesInAndOut() {
        byte[] raw = new byte[32];
        WireGuardKey k = WireGuardKey.ofBytes(raw);
        raw[0] = 1;
        assertEquals(0, k.bytes()[0]);
        k.bytes()[1] = 1;
        assertEquals(0, k.bytes()[1]);
    }

    @Test
    void ordersByUnsignedBytes() {
        byte[] low = new byte[32];
        byte[] high = new byte[32];
        high[0] = (byte) 0x80;
        assertTrue(WireGuardKey.ofBytes(low).compareTo(WireGuardKey.ofBytes(high)) < 0);
        assertNotEquals(WireGuardKey.ofBytes(low), WireGuardKey.ofBytes(high));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "   ",
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg",     // 43 characters, padding missing
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg==",   // 45 characters
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dgx",    // 44 characters but 33 bytes
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8D==",    // 44 characters, 31 bytes
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dh=",    // spare bits set in the last character
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8D!=",    // not base64
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8D-=",    // URL-safe alphabet
            "xTIBA5rboUvnH4htodjb6e697QjL ERt1NAB4mZqp8D=",    // inner space
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    void rejectsEverythingButCanonicalBase64Of32Bytes(String bad) {
        assertInvalid("publicKey", () -> WireGuardKey.parse(bad));
    }

    @Test
    void namesTheCallersFieldAndChecksRawLength() {
        assertInvalid("PublicKey", () -> WireGuardKey.parse("PublicKey", "short="));
        assertInvalid("publicKey", () -> WireGuardKey.ofBytes(new byte[31]));
        assertInvalid("publicKey", () -> WireGuardKey.ofBytes(new byte[33]));
        assertInvalid("publicKey", () -> WireGuardKey.ofBytes(null));
    }
}
