package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void reproducesRfc8032TestVectorOne() {
        Ed25519SigningKey key = Ed25519SigningKey.fromSeed(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HEX.formatHex(key.publicKey().raw()));
        byte[] sig = key.sign(new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                HEX.formatHex(sig));
        assertTrue(key.publicKey().verify(new byte[0], sig));
    }

    @Test
    void keyIdIsTheHexSha256OfTheRawPublicKey() throws Exception {
        Ed25519PublicKey pub = TestKeys.key(7).publicKey();
        String expected = HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(pub.raw()));
        assertEquals(expected, pub.keyId().value());
    }

    @Test
    void generatedKeysDifferAndSignVerifiably() {
        SecureRandom random = new SecureRandom();
        Ed25519SigningKey k1 = Ed25519SigningKey.generate(random);
        Ed25519SigningKey k2 = Ed25519SigningKey.generate(random);
        assertNotEquals(k1.publicKey(), k2.publicKey());
        byte[] msg = {1, 2, 3};
        assertTrue(k1.publicKey().verify(msg, k1.sign(msg)));
        assertFalse(k2.publicKey().verify(msg, k1.sign(msg)));
    }

    @Test
    void seedSurvivesExportAndImport() {
        Ed25519SigningKey k = TestKeys.key(3);
        Ed25519SigningKey again = Ed25519SigningKey.fromSeed(k.exportSeed());
        assertEquals(k.publicKey(), again.publicKey());
    }

    @Test
    void toStringNeverShowsTheSeed() {
        Ed25519SigningKey k = TestKeys.key(5);
        byte[] seed = k.exportSeed();
        String s = k.toString();
        assertFalse(s.contains(HEX.formatHex(seed)));
        assertFalse(s.contains(Base64.getEncoder().encodeToString(seed)));
        assertTrue(s.contains(k.keyId().value()) && s.contains("redacted"), s);
    }

    @Test
    void publicKeyParsesItsOwnBase64() {
        Ed25519PublicKey pub = TestKeys.key(4).publicKey();
        assertEquals(pub, Ed25519PublicKey.parse(pub.base64()));
        assertArrayEquals(pub.raw(), Ed25519PublicKey.ofRaw(pub.raw()).raw());
    }

    @Test
    void rejectsPublicKeysOfTheWrongLength() {
        DammException e = assertThrows(DammException.class, () -> Ed25519PublicKey.ofRaw(new byte[31]));
        assertTrue(e.getMessage().startsWith("publicKey:"), e.getMessage());
    }

    @Test
    void verifyReturnsFalseForASignatureOfTheWrongLength() {
        assertFalse(TestKeys.key(1).publicKey().verify(new byte[0], new byte[63]));
        assertFalse(TestKeys.key(1).publicKey().verify(new byte[0], null));
    }

    @Test
    void quorumRefusesAThresholdAboveItsKeyCount() {
        DammException e = assertThrows(DammException.class, () -> KeyQuorum.of(2, TestKeys.key(1).publicKey()));
        assertTrue(e.getMessage().startsWith("threshold:"), e.getMessage());
    }

    @Test
    void quorumRefusesTheSameKeyTwice() {
        Ed25519PublicKey k = TestKeys.key(1).publicKey();
        assertThrows(DammException.class, () -> KeyQuorum.of(1, k, k));
    }
}
