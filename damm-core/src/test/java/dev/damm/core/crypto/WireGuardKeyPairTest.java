package dev.damm.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.wireguard.WireGuardPrivateKey;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WireGuardKeyPairTest {

    private static WireGuardPrivateKey hexPrivate(String hex) {
        return WireGuardPrivateKey.ofBytes(HexFormat.of().parseHex(hex));
    }

    private static WireGuardKey hexPublic(String hex) {
        return WireGuardKey.ofBytes(HexFormat.of().parseHex(hex));
    }

    @Test
    void derivesTheRfc7748Section61PublicKeys() {
        WireGuardKeyPair alice = WireGuardKeyPair.fromPrivateKey(
                hexPrivate("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        assertEquals(hexPublic("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), alice.publicKey());
        WireGuardKeyPair bob = WireGuardKeyPair.fromPrivateKey(
                hexPrivate("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertEquals(hexPublic("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bob.publicKey());
    }

    @Test
    void keepsThePrivateKeyAsGiven() {
        WireGuardPrivateKey unclamped = hexPrivate("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        assertEquals(unclamped, WireGuardKeyPair.fromPrivateKey(unclamped).privateKey());
    }

    @Test
    void generatesClampedKeysLikeWgGenkey() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            byte[] k = WireGuardKeyPair.generate(random).privateKey().bytes();
            assertEquals(0, k[0] & 7, "low three bits cleared");
            assertEquals(0, k[31] & 0x80, "top bit cleared");
            assertEquals(0x40, k[31] & 0x40, "second-highest bit set");
        }
    }

    @Test
    void generationIsDeterministicForASeededSourceAndFreshOtherwise() throws NoSuchAlgorithmException {
        assertEquals(generateSeeded(7), generateSeeded(7));
        assertNotEquals(generateSeeded(7), generateSeeded(8));
        SecureRandom random = new SecureRandom();
        assertNotEquals(WireGuardKeyPair.generate(random).publicKey(), WireGuardKeyPair.generate(random).publicKey());
    }

    private static WireGuardKeyPair generateSeeded(long seed) throws NoSuchAlgorithmException {
        // SHA1PRNG seeded before its first use is deterministic; fine for a test, never for keys.
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return WireGuardKeyPair.generate(r);
    }

    @Test
    void toStringShowsThePublicKeyOnly() {
        WireGuardKeyPair pair = WireGuardKeyPair.generate(new SecureRandom());
        String s = pair.toString();
        assertTrue(s.contains(pair.publicKey().base64()), s);
        assertFalse(s.contains(pair.privateKey().base64()), s);
        assertTrue(s.contains("<redacted>"), s);
    }

    @Test
    void rejectsNullInputsNamingThem() {
        DammException e = assertThrows(DammException.class, () -> WireGuardKeyPair.fromPrivateKey(null));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("privateKey: "), e.getMessage());
        assertTrue(assertThrows(DammException.class, () -> WireGuardKeyPair.generate(null)).getMessage().startsWith("random: "));
    }
}
