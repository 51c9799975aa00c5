package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyFilesTest {
    /** Cheap parameters so the suite stays fast; {@link KdfParams#RECOMMENDED} is for real keys. */
    private static final KdfParams FAST = new KdfParams(1024, 1, 1);
    private final SecureRandom random = new SecureRandom();
    private final Ed25519SigningKey key = TestKeys.key(11);

    @Test
    void publicKeyPemIsSubjectPublicKeyInfoWithTheKnownPrefix() {
        byte[] der = KeyFiles.publicKeyDer(key.publicKey());
        assertEquals("302a300506032b6570032100" + HexFormat.of().formatHex(key.publicKey().raw()), HexFormat.of().formatHex(der));
        String pem = KeyFiles.publicKeyPem(key.publicKey());
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----"), pem);
        assertEquals(key.publicKey(), KeyFiles.readPublicKeyPem(pem));
    }

    @Test
    void privateKeyPemIsPkcs8WithTheKnownPrefixAndRoundTrips() {
        String pem = KeyFiles.privateKeyPem(key);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertEquals("302e020100300506032b657004220420" + HexFormat.of().formatHex(key.exportSeed()),
                HexFormat.of().formatHex(Base64.getDecoder().decode(body)));
        assertEquals(key.publicKey(), KeyFiles.readPrivateKeyPem(pem).publicKey());
    }

    @Test
    void readingAPublicKeyWhereAPrivateKeyIsExpectedFails() {
        DammException e = assertThrows(DammException.class, () -> KeyFiles.readPrivateKeyPem(KeyFiles.publicKeyPem(key.publicKey())));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().startsWith("signingKey:"), e.getMessage());
    }

    @Test
    void encryptedKeyFileRoundTripsUnderThePassphrase() {
        String file = KeyFiles.encrypt(key, "correct horse battery".toCharArray(), FAST, random);
        assertEquals(key.publicKey(), KeyFiles.decrypt(file, "correct horse battery".toCharArray()).publicKey());
        assertTrue(file.contains("\"argon2id\"") && file.contains("\"chacha20-poly1305\""), file);
        assertTrue(file.contains(key.keyId().value()), "the file names its key so operators can tell files apart");
    }

    @Test
    void encryptedKeyFileDoesNotContainTheSeed() {
        byte[] seed = key.exportSeed();
        String file = KeyFiles.encrypt(key, "correct horse battery".toCharArray(), FAST, random);
        assertFalse(file.contains(Base64.getEncoder().encodeToString(seed)));
        assertFalse(file.contains(HexFormat.of().formatHex(seed)));
    }

    @Test
    void wrongPassphraseIsUnauthenticatedAndDoesNotEchoIt() {
        String file = KeyFiles.encrypt(key, "correct horse battery".toCharArray(), FAST, random);
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(file, "incorrect pony".toCharArray()));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
        assertTrue(e.getMessage().startsWith("passphrase:"), e.getMessage());
        assertFalse(e.getMessage().contains("pony"));
    }

    @Test
    void alteredKdfParametersAreDetected() {
        String file = KeyFiles.encrypt(key, "correct horse battery".toCharArray(), FAST, random);
        String altered = file.replace("\"iterations\":1", "\"iterations\":2");
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(altered, "correct horse battery".toCharArray()));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
    }

    @Test
    void alteredKeyIdIsDetected() {
        String file = KeyFiles.encrypt(key, "correct horse battery".toCharArray(), FAST, random);
        Ed25519PublicKey other = TestKeys.key(12).publicKey();
        String altered = file.replace(key.keyId().value(), other.keyId().value()).replace(key.publicKey().base64(), other.base64());
        assertThrows(DammException.class, () -> KeyFiles.decrypt(altered, "correct horse battery".toCharArray()));
    }

    @Test
    void shortPassphrasesAreRefusedWhenEncrypting() {
        DammException e = assertThrows(DammException.class, () -> KeyFiles.encrypt(key, "short".toCharArray(), FAST, random));
        assertTrue(e.getMessage().startsWith("passphrase:"), e.getMessage());
    }

    @Test
    void aKeyFileDemandingAbsurdMemoryIsRefusedBeforeDerivation() {
        String file = KeyFiles.encrypt(key, "correct horse battery".toCharArray(), FAST, random);
        String greedy = file.replace("\"memoryKiB\":1024", "\"memoryKiB\":2000000000");
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(greedy, "correct horse battery".toCharArray()));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
    }

    @Test
    void theRecommendedMemoryHardParametersRoundTrip() {
        String file = KeyFiles.encrypt(key, "correct horse battery".toCharArray(), KdfParams.RECOMMENDED, random);
        assertTrue(file.contains("\"memoryKiB\":65536,\"iterations\":3"), file);
        assertEquals(key.publicKey(), KeyFiles.decrypt(file, "correct horse battery".toCharArray()).publicKey());
    }
}
