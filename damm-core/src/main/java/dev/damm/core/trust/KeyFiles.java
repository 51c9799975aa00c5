package dev.damm.core.trust;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.damm.core.json.DammJson;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
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
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Exports and imports Ed25519 keys: public keys as PEM (SubjectPublicKeyInfo, what
 * {@code openssl pkey -pubout} writes), private keys as unencrypted PKCS#8 PEM for online keys
 * kept in a secret manager, and as a passphrase-encrypted file for offline root keys
 * (Argon2id, then ChaCha20-Poly1305 with the file's header as associated data).
 *
 * <p>Passphrases and seeds never appear in exceptions. Stateless and thread-safe.
 */
public final class KeyFiles {
    /** The {@code format} value of an encrypted key file. */
    public static final String ENCRYPTED_FORMAT = "damm-encrypted-ed25519-key/v1";
    /** Shortest passphrase accepted when encrypting. */
    public static final int MIN_PASSPHRASE_LENGTH = 8;

    private static final String KDF = "argon2id";
    private static final String CIPHER = "chacha20-poly1305";
    private static final int SALT_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    private static final int MAX_ENCRYPTED_FILE_LENGTH = 4096;
    private static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.112")); // id-Ed25519, RFC 8410

    private KeyFiles() {}

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
     * {@code openssl pkey}. Only for keys whose storage is itself protected (a secret manager).
     */
    public static String privateKeyPem(Ed25519SigningKey key) {
        Require.nonNull("signingKey", key);
        byte[] seed = key.exportSeed();
        try {
            byte[] der = new PrivateKeyInfo(ED25519, new DEROctetString(seed)).getEncoded(ASN1Encoding.DER);
            try {
                return pem("PRIVATE KEY", der);
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "signingKey: could not encode");
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Reads an unencrypted PKCS#8 {@code PRIVATE KEY} PEM block holding an Ed25519 key. */
    public static Ed25519SigningKey readPrivateKeyPem(String pem) {
        byte[] der = unpem("signingKey", pem, "PRIVATE KEY");
        try {
            AsymmetricKeyParameter p = PrivateKeyFactory.createKey(der);
            if (p instanceof Ed25519PrivateKeyParameters ed) {
                byte[] seed = ed.getEncoded();
                try {
                    return Ed25519SigningKey.fromSeed(seed);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "signingKey: is not a DER PKCS#8 private key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw new DammException(ErrorCode.MALFORMED_INPUT, "signingKey: is not an Ed25519 key");
    }

    /**
     * Encrypts {@code key} under {@code passphrase} and returns the key file (JSON text). The
     * passphrase array is not modified; the caller wipes it.
     */
    public static String encrypt(Ed25519SigningKey key, char[] passphrase, KdfParams params, SecureRandom random) {
        Require.nonNull("signingKey", key);
        Require.nonNull("kdf", params);
        Require.nonNull("random", random);
        checkPassphrase(passphrase);
        if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw DammException.invalid("passphrase", "must be at least " + MIN_PASSPHRASE_LENGTH + " characters");
        }
        byte[] salt = new byte[SALT_LENGTH];
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        Header h = new Header(key.keyId().value(), key.publicKey().base64(), params, salt, nonce);
        byte[] dk = derive(passphrase, params, salt);
        byte[] seed = key.exportSeed();
        try {
            byte[] ct = aead(true, dk, h, seed);
            EncryptedKeyJson file = new EncryptedKeyJson(ENCRYPTED_FORMAT, h.keyId, h.publicKey,
                    new KdfJson(KDF, params.memoryKiB(), params.iterations(), params.parallelism(), b64(salt)),
                    new CipherJson(CIPHER, b64(nonce)), b64(ct));
            return DammJson.writeString(file);
        } finally {
            Arrays.fill(dk, (byte) 0);
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Decrypts a key file written by {@link #encrypt}.
     *
     * @throws DammException {@link ErrorCode#UNAUTHENTICATED} for a wrong passphrase or an altered
     *     file, {@link ErrorCode#MALFORMED_INPUT} for a file that is not a key file
     */
    public static Ed25519SigningKey decrypt(String keyFile, char[] passphrase) {
        Require.nonNull("keyFile", keyFile);
        checkPassphrase(passphrase);
        if (keyFile.length() > MAX_ENCRYPTED_FILE_LENGTH) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "keyFile: is longer than " + MAX_ENCRYPTED_FILE_LENGTH + " characters");
        }
        EncryptedKeyJson f = TrustJson.read("keyFile", keyFile.getBytes(StandardCharsets.UTF_8), EncryptedKeyJson.class);
        Header h;
        byte[] ct;
        try {
            if (f == null || !ENCRYPTED_FORMAT.equals(f.format())) {
                throw DammException.invalid("keyFile.format", "must be " + ENCRYPTED_FORMAT);
            }
            KdfJson k = Require.nonNull("keyFile.kdf", f.kdf());
            CipherJson c = Require.nonNull("keyFile.cipher", f.cipher());
            if (!KDF.equals(k.name()) || !CIPHER.equals(c.name())) {
                throw DammException.invalid("keyFile", "must use " + KDF + " and " + CIPHER);
            }
            if (k.memoryKiB() == null || k.iterations() == null || k.parallelism() == null) {
                throw DammException.invalid("keyFile.kdf", "must have memoryKiB, iterations and parallelism");
            }
            KdfParams params = new KdfParams(k.memoryKiB(), k.iterations(), k.parallelism());
            byte[] salt = TrustJson.base64("keyFile.kdf.salt", k.salt());
            byte[] nonce = TrustJson.base64("keyFile.cipher.nonce", c.nonce());
            if (salt.length != SALT_LENGTH || nonce.length != NONCE_LENGTH) {
                throw DammException.invalid("keyFile", "salt must be " + SALT_LENGTH + " and nonce " + NONCE_LENGTH + " bytes");
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
            seed = aead(false, dk, h, ct);
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

    private static byte[] derive(char[] passphrase, KdfParams params, byte[] salt) {
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

    private static byte[] aead(boolean encrypt, byte[] key, Header h, byte[] input) {
        ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, h.nonce, h.associatedData()));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "passphrase: does not open this key file (wrong passphrase or altered file)");
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
        if (pem.length() > 4096) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, field + ": is longer than 4096 characters");
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

    /** The public part of a key file; all of it is bound to the ciphertext as associated data. */
    private record Header(String keyId, String publicKey, KdfParams params, byte[] salt, byte[] nonce) {
        byte[] associatedData() {
            return (ENCRYPTED_FORMAT + "\n" + keyId + "\n" + publicKey + "\n" + KDF + " m=" + params.memoryKiB()
                    + " t=" + params.iterations() + " p=" + params.parallelism() + " salt=" + b64(salt) + "\n" + CIPHER)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @JsonPropertyOrder({"format", "keyId", "publicKey", "kdf", "cipher", "ciphertext"})
    record EncryptedKeyJson(String format, String keyId, String publicKey, KdfJson kdf, CipherJson cipher, String ciphertext) {}

    @JsonPropertyOrder({"name", "memoryKiB", "iterations", "parallelism", "salt"})
    record KdfJson(String name, Integer memoryKiB, Integer iterations, Integer parallelism, String salt) {}

    @JsonPropertyOrder({"name", "nonce"})
    record CipherJson(String name, String nonce) {}
}
