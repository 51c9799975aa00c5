package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

class KeyFilesTest {
    private static final String PASSPHRASE = "correct horse battery";
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
        assertEquals("302e020100300506032b657004220420" + HexFormat.of().formatHex(key.exportSeed()), HexFormat.of().formatHex(der(pem)));
        assertEquals(key.publicKey(), KeyFiles.readPrivateKeyPem(pem).publicKey());
    }

    @Test
    void readingAPublicKeyWhereAPrivateKeyIsExpectedFails() {
        DammException e = assertThrows(DammException.class, () -> KeyFiles.readPrivateKeyPem(KeyFiles.publicKeyPem(key.publicKey())));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().startsWith("signingKey:"), e.getMessage());
    }

    @Test
    void anEncryptedKeyFileIsPkcs8Pbes2WithScryptAndAes256CbcAndRoundTrips() {
        String file = KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), random);
        assertTrue(file.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), file);
        assertTrue(KeyFiles.isEncryptedPkcs8(file));

        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(der(file));
        assertEquals(PKCSObjectIdentifiers.id_PBES2, info.getEncryptionAlgorithm().getAlgorithm());
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
        assertEquals(MiscObjectIdentifiers.id_scrypt, pbes2.getKeyDerivationFunc().getAlgorithm());
        ScryptParams scrypt = ScryptParams.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertEquals(1 << 14, scrypt.getCostParameter().intValueExact());
        assertEquals(8, scrypt.getBlockSize().intValueExact());
        assertEquals(16, scrypt.getSalt().length);
        assertEquals(NISTObjectIdentifiers.id_aes256_CBC, pbes2.getEncryptionScheme().getAlgorithm());

        assertEquals(key.publicKey(), KeyFiles.decrypt(file, PASSPHRASE.toCharArray()).publicKey());
    }

    @Test
    void twoEncryptionsOfOneKeyDifferBecauseSaltAndIvAreFresh() {
        assertNotEquals(KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), random), KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), random));
    }

    @Test
    void encryptedKeyFileDoesNotContainTheSeed() {
        byte[] seed = key.exportSeed();
        String file = KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), random);
        String derHex = HexFormat.of().formatHex(der(file));
        assertFalse(derHex.contains(HexFormat.of().formatHex(seed)));
        assertFalse(file.contains(Base64.getEncoder().encodeToString(seed)));
    }

    @Test
    void wrongPassphraseIsUnauthenticatedAndDoesNotEchoIt() {
        String file = KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), random);
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(file, "incorrect pony".toCharArray()));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
        assertTrue(e.getMessage().startsWith("passphrase:"), e.getMessage());
        assertFalse(e.getMessage().contains("pony"));
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        String file = KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), random);
        byte[] der = der(file);
        der[der.length - 20] ^= 0x01; // inside the AES-CBC ciphertext: garbles the key, the padding or both
        String altered = pem(der);
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(altered, PASSPHRASE.toCharArray()));
        assertTrue(e.errorCode() == ErrorCode.UNAUTHENTICATED || e.errorCode() == ErrorCode.MALFORMED_INPUT, e.getMessage());
    }

    @Test
    void shortPassphrasesAreRefusedWhenEncrypting() {
        DammException e = assertThrows(DammException.class, () -> KeyFiles.encrypt(key, "short".toCharArray(), random));
        assertTrue(e.getMessage().startsWith("passphrase:"), e.getMessage());
    }

    @Test
    void aKeyFileDemandingAbsurdScryptMemoryIsRefusedBeforeDerivation() {
        String file = KeyFiles.encrypt(key, PASSPHRASE.toCharArray(), random);
        byte[] greedy = reencodeWithScryptCost(der(file), 1 << 30);
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(pem(greedy), PASSPHRASE.toCharArray()));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().contains("scrypt"), e.getMessage());
    }

    @Test
    void aPublicKeyIsNotAnEncryptedKeyFile() {
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(KeyFiles.publicKeyPem(key.publicKey()), PASSPHRASE.toCharArray()));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertFalse(KeyFiles.isEncryptedPkcs8(KeyFiles.privateKeyPem(key)));
    }

    /** A key file of the earlier DAMM format, written by the code that wrote that format (seed 1, 2, ..., 32). */
    private static String legacyFile() throws IOException {
        try (InputStream in = KeyFilesTest.class.getResourceAsStream("legacy-v1-key.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Ed25519SigningKey legacyKey() {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i + 1);
        }
        return Ed25519SigningKey.fromSeed(seed);
    }

    @Test
    void aKeyFileOfTheEarlierFormatStillOpensAndIsFlaggedForRewriting() throws IOException {
        String legacy = legacyFile();
        assertFalse(KeyFiles.isEncryptedPkcs8(legacy), "a legacy file must be flagged for rewriting");
        Ed25519SigningKey opened = KeyFiles.decrypt(legacy, "legacy passphrase".toCharArray());
        assertEquals(legacyKey().publicKey(), opened.publicKey());

        String rewritten = KeyFiles.encrypt(opened, "legacy passphrase".toCharArray(), random);
        assertTrue(KeyFiles.isEncryptedPkcs8(rewritten));
        assertEquals(legacyKey().publicKey(), KeyFiles.decrypt(rewritten, "legacy passphrase".toCharArray()).publicKey());
    }

    @Test
    void aKeyFileOfTheEarlierFormatUnderTheWrongPassphraseIsUnauthenticated() throws IOException {
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(legacyFile(), "incorrect pony".toCharArray()));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
    }

    @Test
    void anAlteredEarlierFormatHeaderIsDetected() throws IOException {
        String altered = legacyFile().replace("\"iterations\":1", "\"iterations\":2");
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(altered, "legacy passphrase".toCharArray()));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
    }

    @Test
    void anEarlierFormatFileDemandingAbsurdMemoryIsRefusedBeforeDerivation() throws IOException {
        String greedy = legacyFile().replace("\"memoryKiB\":1024", "\"memoryKiB\":2000000000");
        DammException e = assertThrows(DammException.class, () -> KeyFiles.decrypt(greedy, "legacy passphrase".toCharArray()));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
    }

    private static byte[] der(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    private static byte[] reencodeWithScryptCost(byte[] der, int cost) {
        try {
            EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(der);
            PBES2Parameters pbes2 = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
            ScryptParams s = ScryptParams.getInstance(pbes2.getKeyDerivationFunc().getParameters());
            ScryptParams greedy = new ScryptParams(s.getSalt(), cost, s.getBlockSize().intValueExact(), s.getParallelizationParameter().intValueExact());
            PBES2Parameters altered = new PBES2Parameters(
                    new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, greedy), pbes2.getEncryptionScheme());
            return new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, altered),
                    info.getEncryptedData()).getEncoded();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
