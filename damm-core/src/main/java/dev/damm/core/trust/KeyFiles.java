package dev.damm.core.trust;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Exports and imports Ed25519 keys: public keys as PEM (SubjectPublicKeyInfo, what
 * {@code openssl pkey -pubout} writes), private keys as unencrypted PKCS#8 PEM for keys kept in a
 * secret manager, and as passphrase-encrypted PKCS#8 PEM ({@code ENCRYPTED PRIVATE KEY}) for keys
 * at rest in files, which {@code openssl pkey -in FILE -passin ...} reads.
 *
 * <p>Encryption is PBES2 with scrypt (N = 2^14, r = 8, p = 1, a 16-byte salt) and AES-256-CBC.
 * Those scrypt costs are the largest openssl 3 accepts under its default 32 MiB scrypt memory
 * limit, so a file this class writes opens with a stock {@code openssl}. Reading also accepts
 * PBES2 with PBKDF2 (what {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes), within bounds that
 * keep a crafted file from exhausting memory or time.
 *
 * <p>Key files of the earlier DAMM format ({@value #LEGACY_FORMAT}: Argon2id, then
 * ChaCha20-Poly1305) are still read by {@link #decrypt}, only so that they can be rewritten in
 * the current format; {@link #isEncryptedPkcs8} tells a caller that a rewrite is due. Nothing
 * writes the old format any more.
 *
 * <p>Passphrases and seeds never appear in exceptions. Stateless and thread-safe.
 */
public final class KeyFiles {
    /** The {@code format} value of a key file in the earlier DAMM format, read only for migration. */
    public static final String LEGACY_FORMAT = "damm-encrypted-ed25519-key/v1";
    /** Shortest passphrase accepted when encrypting. */
    public static final int MIN_PASSPHRASE_LENGTH = 8;

    private static final String ENCRYPTED_PEM_TYPE = "ENCRYPTED PRIVATE KEY";
    private static final int SCRYPT_COST = 1 << 14;
    private static final int SCRYPT_BLOCK_SIZE = 8;
    private static final int SCRYPT_PARALLELISM = 1;
    private static final int SALT_LENGTH = 16;
    /** Bounds on what a file may ask of the key derivation before any work is done. */
    private static final long MAX_SCRYPT_MEMORY_BYTES = 1L << 30;
    private static final int MAX_SCRYPT_PARALLELISM = 16;
    private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
    private static final Set<ASN1ObjectIdentifier> AES_CBC = Set.of(NISTObjectIdentifiers.id_aes128_CBC,
            NISTObjectIdentifiers.id_aes192_CBC, NISTObjectIdentifiers.id_aes256_CBC);

    private static final String LEGACY_KDF = "argon2id";
    private static final String LEGACY_CIPHER = "chacha20-poly1305";
    private static final int LEGACY_NONCE_LENGTH = 12;
    private static final int MAX_KEY_FILE_LENGTH = 4096;
    private static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.112")); // id-Ed25519, RFC 8410

    private KeyFiles() {}

    /**
     * A private BouncyCastle provider, not registered with {@link java.security.Security} (an
     * embedder's provider list stays as it is), built on first use because building it is slow.
     */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** Returns the DER SubjectPublicKeyInfo: {@code 302a300506032b6570032100} followed by the raw key. */
    public static byte[] publicKeyDer(Ed25519PublicKey key) {
        Require.nonNull("publicKey", key);
        try {
            return new SubjectPublicKeyInfo(ED25519, key.raw()).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "publicKey: could not encode", e);
        }
    }

    /** Returns the public key as a {@code PUBLIC KEY} PEM block. */
    public static String publicKeyPem(Ed25519PublicKey key) {
        return pem("PUBLIC KEY", publicKeyDer(key));
    }

    /** Reads a {@code PUBLIC KEY} PEM block holding an Ed25519 key. */
    public static Ed25519PublicKey readPublicKeyPem(String pem) {
        byte[] der = unpem("publicKey", pem, "PUBLIC KEY");
        try {
            AsymmetricKeyParameter p = PublicKeyFactory.createKey(der);
            if (p instanceof Ed25519PublicKeyParameters ed) {
                return Ed25519PublicKey.of(ed);
            }
        } catch (IOException | RuntimeException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "publicKey: is not a DER SubjectPublicKeyInfo");
        }
        throw new DammException(ErrorCode.MALFORMED_INPUT, "publicKey: is not an Ed25519 key");
    }

    /**
     * Returns the private key as an unencrypted PKCS#8 {@code PRIVATE KEY} PEM block, readable by
     * {@code openssl pkey}. Only for keys whose storage is itself protected (a secret manager);
     * a key written to a file is written with {@link #encrypt}.
     */
    public static String privateKeyPem(Ed25519SigningKey key) {
        Require.nonNull("signingKey", key);
        byte[] der = privateKeyInfo(key);
        try {
            return pem("PRIVATE KEY", der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** Reads an unencrypted PKCS#8 {@code PRIVATE KEY} PEM block holding an Ed25519 key. */
    public static Ed25519SigningKey readPrivateKeyPem(String pem) {
        byte[] der = unpem("signingKey", pem, "PRIVATE KEY");
        try {
            return fromPrivateKeyInfo(der, ErrorCode.MALFORMED_INPUT, "signingKey: is not a DER PKCS#8 private key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Encrypts {@code key} under {@code passphrase} and returns an {@code ENCRYPTED PRIVATE KEY}
     * PEM block (PKCS#8, PBES2: scrypt and AES-256-CBC). The passphrase array is not modified; the
     * caller wipes it.
     */
    public static String encrypt(Ed25519SigningKey key, char[] passphrase, SecureRandom random) {
        Require.nonNull("signingKey", key);
        Require.nonNull("random", random);
        checkPassphrase(passphrase);
        if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw DammException.invalid("passphrase", "must be at least " + MIN_PASSPHRASE_LENGTH + " characters");
        }
        byte[] der = privateKeyInfo(key);
        try {
            ScryptConfig kdf = new ScryptConfig.Builder(SCRYPT_COST, SCRYPT_BLOCK_SIZE, SCRYPT_PARALLELISM).withSaltLength(SALT_LENGTH).build();
            PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(der))
                    .build(new JcePKCSPBEOutputEncryptorBuilder(kdf, NISTObjectIdentifiers.id_aes256_CBC)
                            .setProvider(Bc.PROVIDER).setRandom(random).build(passphrase));
            return pem(ENCRYPTED_PEM_TYPE, encrypted.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "signingKey: could not encrypt");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * True when {@code keyFile} is an {@code ENCRYPTED PRIVATE KEY} PEM block, the format
     * {@link #encrypt} writes. A key file {@link #decrypt} opened but for which this is false is in
     * the earlier DAMM format and should be rewritten with {@link #encrypt}.
     */
    public static boolean isEncryptedPkcs8(String keyFile) {
        return keyFile != null && keyFile.strip().startsWith("-----BEGIN " + ENCRYPTED_PEM_TYPE + "-----");
    }

    /**
     * Decrypts an {@code ENCRYPTED PRIVATE KEY} PEM block (PKCS#8, PBES2 with scrypt or PBKDF2 and
     * AES-CBC), or a key file in the earlier DAMM format.
     *
     * @throws DammException {@link ErrorCode#UNAUTHENTICATED} for a wrong passphrase or an altered
     *     file, {@link ErrorCode#MALFORMED_INPUT} for a file that is not a key file or asks for a
     *     key derivation beyond the bounds above
     */
    public static Ed25519SigningKey decrypt(String keyFile, char[] passphrase) {
        Require.nonNull("keyFile", keyFile);
        checkPassphrase(passphrase);
        if (keyFile.length() > MAX_KEY_FILE_LENGTH) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: is longer than " + MAX_KEY_FILE_LENGTH + " characters");
        }
        if (!isEncryptedPkcs8(keyFile)) {
            return decryptLegacy(keyFile, passphrase);
        }
        PKCS8EncryptedPrivateKeyInfo info;
        try {
            info = new PKCS8EncryptedPrivateKeyInfo(unpem("keyFile", keyFile, ENCRYPTED_PEM_TYPE));
        } catch (IOException | RuntimeException e) {
            if (e instanceof DammException d) {
                throw d;
            }
            throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: is not a DER PKCS#8 encrypted private key");
        }
        checkEncryption(info.getEncryptionAlgorithm());
        byte[] der;
        try {
            der = info.decryptPrivateKeyInfo(new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase)).getEncoded(ASN1Encoding.DER);
        } catch (PKCSException | IOException | RuntimeException e) {
            // CBC padding that does not check out, or plaintext that is not a PrivateKeyInfo.
            throw wrongPassphrase();
        }
        try {
            return fromPrivateKeyInfo(der, ErrorCode.UNAUTHENTICATED, null);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** Refuses anything but PBES2 with a bounded scrypt or PBKDF2 and AES-CBC, before any derivation. */
    private static void checkEncryption(AlgorithmIdentifier algorithm) {
        PBES2Parameters pbes2;
        try {
            if (!PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: must be encrypted with PBES2");
            }
            pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
        } catch (IllegalArgumentException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: has unreadable PBES2 parameters");
        }
        EncryptionScheme scheme = pbes2.getEncryptionScheme();
        if (!AES_CBC.contains(scheme.getAlgorithm())) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: must be encrypted with AES-CBC");
        }
        KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
        ASN1Encodable params = kdf.getParameters();
        try {
            if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
                ScryptParams s = ScryptParams.getInstance(params);
                BigInteger n = s.getCostParameter();
                BigInteger r = s.getBlockSize();
                BigInteger p = s.getParallelizationParameter();
                BigInteger memory = n.multiply(r).multiply(BigInteger.valueOf(128));
                if (n.signum() <= 0 || r.signum() <= 0 || p.signum() <= 0 || memory.compareTo(BigInteger.valueOf(MAX_SCRYPT_MEMORY_BYTES)) > 0
                        || p.compareTo(BigInteger.valueOf(MAX_SCRYPT_PARALLELISM)) > 0) {
                    throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: scrypt parameters exceed "
                            + (MAX_SCRYPT_MEMORY_BYTES >> 20) + " MiB or parallelism " + MAX_SCRYPT_PARALLELISM);
                }
            } else if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                BigInteger iterations = PBKDF2Params.getInstance(params).getIterationCount();
                if (iterations.signum() <= 0 || iterations.compareTo(BigInteger.valueOf(MAX_PBKDF2_ITERATIONS)) > 0) {
                    throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: PBKDF2 iterations must be 1 to " + MAX_PBKDF2_ITERATIONS);
                }
            } else {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: key derivation must be scrypt or PBKDF2");
            }
        } catch (IllegalArgumentException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: has unreadable key derivation parameters");
        }
    }

    private static byte[] privateKeyInfo(Ed25519SigningKey key) {
        byte[] seed = key.exportSeed();
        try {
            return new PrivateKeyInfo(ED25519, new DEROctetString(seed)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "signingKey: could not encode");
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Reads a DER PrivateKeyInfo. Undecodable input is {@code unreadable} with {@code message}
     * (after a decryption, undecodable plaintext means a wrong passphrase, so the message is that one).
     */
    private static Ed25519SigningKey fromPrivateKeyInfo(byte[] der, ErrorCode unreadable, String message) {
        AsymmetricKeyParameter p;
        try {
            p = PrivateKeyFactory.createKey(der);
        } catch (IOException | RuntimeException e) {
            throw unreadable == ErrorCode.UNAUTHENTICATED ? wrongPassphrase() : new DammException(unreadable, message);
        }
        if (p instanceof Ed25519PrivateKeyParameters ed) {
            byte[] seed = ed.getEncoded();
            try {
                return Ed25519SigningKey.fromSeed(seed);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }
        throw new DammException(ErrorCode.MALFORMED_INPUT, (unreadable == ErrorCode.UNAUTHENTICATED ? "keyFile" : "signingKey") + ": is not an Ed25519 key");
    }

    private static DammException wrongPassphrase() {
        return new DammException(ErrorCode.UNAUTHENTICATED, "passphrase: does not open this key file (wrong passphrase or altered file)");
    }

    /** Opens a key file of the earlier DAMM format (JSON: Argon2id, then ChaCha20-Poly1305 over the seed). */
    private static Ed25519SigningKey decryptLegacy(String keyFile, char[] passphrase) {
        LegacyKeyJson f = TrustJson.read("keyFile", keyFile.getBytes(StandardCharsets.UTF_8), LegacyKeyJson.class);
        Header h;
        byte[] ct;
        try {
            if (f == null || !LEGACY_FORMAT.equals(f.format())) {
                throw DammException.invalid("keyFile", "must be an " + ENCRYPTED_PEM_TYPE + " PEM block or a " + LEGACY_FORMAT + " file");
            }
            KdfJson k = Require.nonNull("keyFile.kdf", f.kdf());
            CipherJson c = Require.nonNull("keyFile.cipher", f.cipher());
            if (!LEGACY_KDF.equals(k.name()) || !LEGACY_CIPHER.equals(c.name())) {
                throw DammException.invalid("keyFile", "must use " + LEGACY_KDF + " and " + LEGACY_CIPHER);
            }
            if (k.memoryKiB() == null || k.iterations() == null || k.parallelism() == null) {
                throw DammException.invalid("keyFile.kdf", "must have memoryKiB, iterations and parallelism");
            }
            Argon2Cost params = new Argon2Cost(k.memoryKiB(), k.iterations(), k.parallelism());
            byte[] salt = TrustJson.base64("keyFile.kdf.salt", k.salt());
            byte[] nonce = TrustJson.base64("keyFile.cipher.nonce", c.nonce());
            if (salt.length != SALT_LENGTH || nonce.length != LEGACY_NONCE_LENGTH) {
                throw DammException.invalid("keyFile", "salt must be " + SALT_LENGTH + " and nonce " + LEGACY_NONCE_LENGTH + " bytes");
            }
            new KeyId(f.keyId());
            Ed25519PublicKey.parse("keyFile.publicKey", f.publicKey());
            h = new Header(f.keyId(), f.publicKey(), params, salt, nonce);
            ct = TrustJson.base64("keyFile.ciphertext", f.ciphertext());
        } catch (DammException e) {
            throw e.errorCode() == ErrorCode.MALFORMED_INPUT ? e : new DammException(ErrorCode.MALFORMED_INPUT, e.getMessage());
        }
        byte[] dk = derive(passphrase, h.params, h.salt);
        byte[] seed = null;
        try {
            seed = aead(dk, h, ct);
            if (seed.length != Ed25519SigningKey.SEED_LENGTH) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile.ciphertext: does not hold a 32-byte seed");
            }
            Ed25519SigningKey key = Ed25519SigningKey.fromSeed(seed);
            if (!key.keyId().value().equals(h.keyId)) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile.keyId: does not match the decrypted key");
            }
            return key;
        } finally {
            Arrays.fill(dk, (byte) 0);
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    private static void checkPassphrase(char[] passphrase) {
        Require.nonNull("passphrase", passphrase);
        if (passphrase.length == 0 || passphrase.length > 1024) {
            throw DammException.invalid("passphrase", "must be 1 to 1024 characters");
        }
    }

    private static byte[] derive(char[] passphrase, Argon2Cost params, byte[] salt) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pw = new byte[encoded.remaining()];
        encoded.get(pw);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            Argon2BytesGenerator gen = new Argon2BytesGenerator();
            gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(params.memoryKiB())
                    .withIterations(params.iterations())
                    .withParallelism(params.parallelism())
                    .withSalt(salt)
                    .build());
            byte[] dk = new byte[32];
            gen.generateBytes(pw, dk);
            return dk;
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    private static byte[] aead(byte[] key, Header h, byte[] input) {
        ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
        cipher.init(false, new AEADParameters(new KeyParameter(key), 128, h.nonce, h.associatedData()));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw wrongPassphrase();
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static String pem(String type, byte[] der) {
        StringWriter s = new StringWriter();
        try (PemWriter w = new PemWriter(s)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "pem: could not write");
        }
        return s.toString();
    }

    private static byte[] unpem(String field, String pem, String type) {
        Require.nonNull(field, pem);
        if (pem.length() > MAX_KEY_FILE_LENGTH) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, field + ": is longer than " + MAX_KEY_FILE_LENGTH + " characters");
        }
        try (PemReader r = new PemReader(new StringReader(pem))) {
            PemObject o = r.readPemObject();
            if (o == null || !type.equals(o.getType())) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, field + ": must be a PEM block of type " + type);
            }
            return o.getContent();
        } catch (IOException | RuntimeException e) {
            if (e instanceof DammException d) {
                throw d;
            }
            throw new DammException(ErrorCode.MALFORMED_INPUT, field + ": is not valid PEM");
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * Argon2id cost of an earlier-format key file, bounded so that a crafted file cannot exhaust
     * memory: memory 8 × parallelism KiB to 1 GiB, 1 to 64 passes, 1 to 16 lanes.
     */
    private record Argon2Cost(int memoryKiB, int iterations, int parallelism) {
        Argon2Cost {
            Require.range("keyFile.kdf.parallelism", parallelism, 1, 16);
            Require.range("keyFile.kdf.iterations", iterations, 1, 64);
            Require.range("keyFile.kdf.memoryKiB", memoryKiB, 8, 1024 * 1024);
            if (memoryKiB < 8 * parallelism) {
                throw DammException.invalid("keyFile.kdf.memoryKiB", "must be at least 8 × parallelism, was " + memoryKiB);
            }
        }
    }

    /** The public part of an earlier-format key file; all of it is bound to the ciphertext as associated data. */
    private record Header(String keyId, String publicKey, Argon2Cost params, byte[] salt, byte[] nonce) {
        byte[] associatedData() {
            return (LEGACY_FORMAT + "\n" + keyId + "\n" + publicKey + "\n" + LEGACY_KDF + " m=" + params.memoryKiB()
                    + " t=" + params.iterations() + " p=" + params.parallelism() + " salt=" + b64(salt) + "\n" + LEGACY_CIPHER)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @JsonPropertyOrder({"format", "keyId", "publicKey", "kdf", "cipher", "ciphertext"})
    record LegacyKeyJson(String format, String keyId, String publicKey, KdfJson kdf, CipherJson cipher, String ciphertext) {}

    @JsonPropertyOrder({"name", "memoryKiB", "iterations", "parallelism", "salt"})
    record KdfJson(String name, Integer memoryKiB, Integer iterations, Integer parallelism, String salt) {}

    @JsonPropertyOrder({"name", "nonce"})
    record CipherJson(String name, String nonce) {}
}
