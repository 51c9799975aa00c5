package dev.damm.spi.wireguard;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.damm.spi.DammException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WireGuardPrivateKeyTest {
    // The private key from wg(8)'s example configuration.
    static final String SECRET = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

    @Test
    void toStringNeverRevealsTheKey() {
        WireGuardPrivateKey k = WireGuardPrivateKey.parse(SECRET);
        assertEquals("WireGuardPrivateKey[redacted]", k.toString());
        assertFalse(k.toString().contains(SECRET.substring(0, 8)));
        assertEquals(SECRET, k.base64());
    }

    @Test
    void errorsNeverEchoTheInput() {
        String almost = SECRET.substring(0, 42) + "l=";   // spare bits set: not canonical
        DammException e = assertInvalid("privateKey", () -> WireGuardPrivateKey.parse(almost));
        assertFalse(e.getMessage().contains(SECRET.substring(0, 10)), e.getMessage());
        DammException e2 = assertInvalid("PrivateKey", () -> WireGuardPrivateKey.parse("PrivateKey", SECRET.substring(1)));
        assertFalse(e2.getMessage().contains(SECRET.substring(1, 11)), e2.getMessage());
        assertInvalid("privateKey", () -> WireGuardPrivateKey.parse(null));
        assertInvalid("privateKey", () -> WireGuardPrivateKey.ofBytes(new byte[16]));
    }

    @Test
    void equalityIsByValueWithAConstantHash() {
        WireGuardPrivateKey a = WireGuardPrivateKey.parse(SECRET);
        WireGuardPrivateKey b = WireGuardPrivateKey.ofBytes(Base64.getDecoder().decode(SECRET));
        assertEquals(a, b);
        WireGuardPrivateKey other = WireGuardPrivateKey.ofBytes(new byte[32]);
        assertNotEquals(a, other);
        assertEquals(a.hashCode(), other.hashCode());
    }

    @Test
    void destroyOverwritesTheSecret() {
        WireGuardPrivateKey k = WireGuardPrivateKey.parse(SECRET);
        k.destroy();
        assertArrayEquals(new byte[32], k.bytes());
    }
}
