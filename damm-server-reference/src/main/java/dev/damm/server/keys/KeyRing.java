package dev.damm.server.keys;

import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyFiles;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RootDocument;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The reference server's signing keys, kept as files under a directory: three root keys (any two
 * sign a root), the online catalog key, the admission key, and the signed root document that
 * devices pin. Created on first use, reused afterwards, so devices enrolled earlier keep
 * verifying catalogs.
 *
 * <p>Every private key is at rest as an encrypted PKCS#8 PEM block ({@link KeyFiles#encrypt}:
 * PBES2, scrypt, AES-256-CBC), which {@code openssl pkey -in root-1.key -passin env:DAMM_KEY_PASSPHRASE}
 * opens. The passphrase comes from the environment variable {@value #PASSPHRASE_ENV}; without it,
 * the ring generates a random one into {@code passphrase} beside the keys on first use, so that a
 * fresh checkout runs end to end (that file protects nothing against someone who can read the
 * directory: production sets the variable and keeps root keys offline).
 *
 * <p>Key files of earlier formats (unencrypted PKCS#8 PEM, or the earlier DAMM encrypted JSON)
 * are read once and rewritten in the current format. Every file holding a private key or the
 * passphrase is written owner-only (mode 600, in a directory of mode 700 when the ring creates
 * it), through a temporary file and a rename, so a crash never leaves half a key.
 */
public final class KeyRing {
    /** The environment variable that holds the passphrase of the key files. */
    public static final String PASSPHRASE_ENV = "DAMM_KEY_PASSPHRASE";
    private static final String PASSPHRASE_FILE = "passphrase";
    private static final String OWNER_ONLY = "rw-------";

    private final List<Ed25519SigningKey> rootKeys;
    private final Ed25519SigningKey catalogKey;
    private final Ed25519SigningKey admissionKey;
    private final RootDocument root;
    private final byte[] signedRoot;
    private final boolean created;

    private KeyRing(List<Ed25519SigningKey> rootKeys, Ed25519SigningKey catalogKey, Ed25519SigningKey admissionKey,
            RootDocument root, byte[] signedRoot, boolean created) {
        this.rootKeys = List.copyOf(rootKeys);
        this.catalogKey = catalogKey;
        this.admissionKey = admissionKey;
        this.root = root;
        this.signedRoot = signedRoot;
        this.created = created;
    }

    /**
     * Loads the key ring from {@code dir}, creating it (and root version 1) when absent, with the
     * passphrase from {@value #PASSPHRASE_ENV} or, when that is unset, from the ring's own
     * passphrase file.
     */
    public static KeyRing openOrCreate(Path dir, Clock clock, SecureRandom random) {
        String fromEnv = System.getenv(PASSPHRASE_ENV);
        char[] passphrase = fromEnv != null && !fromEnv.isEmpty() ? fromEnv.toCharArray() : localPassphrase(dir, random);
        try {
            return openOrCreate(dir, passphrase, clock, random);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /**
     * Loads the key ring from {@code dir}, creating it (and root version 1) when absent. The
     * passphrase array is not modified; the caller wipes it.
     *
     * @throws DammException {@code UNAUTHENTICATED} when {@code passphrase} does not open the key
     *     files, {@code CONFIGURATION_ERROR} when the directory cannot be read or written
     */
    public static KeyRing openOrCreate(Path dir, char[] passphrase, Clock clock, SecureRandom random) {
        try {
            createPrivateDirectory(dir);
            Path rootFile = dir.resolve("root-1.json");
            if (Files.exists(rootFile)) {
                List<Ed25519SigningKey> roots = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    roots.add(read(dir.resolve("root-" + i + ".key"), passphrase, random));
                }
                byte[] signed = Files.readAllBytes(rootFile);
                RootDocument root = RootDocument.fromJson(DsseEnvelope.parse(signed).payload());
                return new KeyRing(roots, read(dir.resolve("catalog.key"), passphrase, random),
                        read(dir.resolve("admission.key"), passphrase, random), root, signed, false);
            }
            List<Ed25519SigningKey> roots = List.of(Ed25519SigningKey.generate(random), Ed25519SigningKey.generate(random),
                    Ed25519SigningKey.generate(random));
            Ed25519SigningKey catalog = Ed25519SigningKey.generate(random);
            Ed25519SigningKey admission = Ed25519SigningKey.generate(random);
            RootDocument root = RootDocument.builder().version(1).expires(clock.instant().plus(Duration.ofDays(365)))
                    .rootKeys(new KeyQuorum(roots.stream().map(Ed25519SigningKey::publicKey).toList(), 2))
                    .catalogKeys(KeyQuorum.single(catalog.publicKey()))
                    .role("admission", KeyQuorum.single(admission.publicKey()))
                    .build();
            DsseEnvelope env = new DsseSigner(RootDocument.PAYLOAD_TYPE, roots.get(0)).sign(root.toJson());
            byte[] signed = new DsseSigner(RootDocument.PAYLOAD_TYPE, roots.get(1)).countersign(env).toJson();
            for (int i = 0; i < 3; i++) {
                writeSecret(dir.resolve("root-" + (i + 1) + ".key"), KeyFiles.encrypt(roots.get(i), passphrase, random));
            }
            writeSecret(dir.resolve("catalog.key"), KeyFiles.encrypt(catalog, passphrase, random));
            writeSecret(dir.resolve("admission.key"), KeyFiles.encrypt(admission, passphrase, random));
            Files.writeString(dir.resolve("catalog-pub.pem"), KeyFiles.publicKeyPem(catalog.publicKey()));
            atomicWrite(rootFile, signed);
            return new KeyRing(roots, catalog, admission, root, signed, true);
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: cannot read or write " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    /** Reads one key file; one in an earlier format is rewritten in the current one. */
    private static Ed25519SigningKey read(Path p, char[] passphrase, SecureRandom random) throws IOException {
        String text = Files.readString(p, StandardCharsets.US_ASCII);
        if (KeyFiles.isEncryptedPkcs8(text)) {
            tightenToOwnerOnly(p);
            return KeyFiles.decrypt(text, passphrase);
        }
        Ed25519SigningKey key = text.strip().startsWith("-----BEGIN PRIVATE KEY-----")
                ? KeyFiles.readPrivateKeyPem(text)
                : KeyFiles.decrypt(text, passphrase);
        writeSecret(p, KeyFiles.encrypt(key, passphrase, random));
        return key;
    }

    /** The ring's own passphrase, generated on first use (32 random bytes, base64). */
    private static char[] localPassphrase(Path dir, SecureRandom random) {
        Path file = dir.resolve(PASSPHRASE_FILE);
        try {
            createPrivateDirectory(dir);
            if (!Files.exists(file)) {
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                writeSecret(file, Base64.getEncoder().encodeToString(raw) + "\n");
                Arrays.fill(raw, (byte) 0);
            }
            tightenToOwnerOnly(file);
            return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: cannot read or write " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** A secret file someone widened (or an older version wrote wider) goes back to owner-only. */
    private static void tightenToOwnerOnly(Path p) throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString(OWNER_ONLY);
        if (!owner.containsAll(Files.getPosixFilePermissions(p))) {
            Files.setPosixFilePermissions(p, owner);
        }
    }

    private static void writeSecret(Path p, String content) throws IOException {
        SecretFiles.write(p, content);
    }

    private static void atomicWrite(Path p, byte[] content) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.write(tmp, content);
        move(tmp, p);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Ed25519SigningKey catalogKey() { return catalogKey; }
    public Ed25519SigningKey admissionKey() { return admissionKey; }
    public RootDocument root() { return root; }
    public List<Ed25519SigningKey> rootKeys() { return rootKeys; }

    /** The signed root document, as devices pin it. */
    public byte[] signedRoot() {
        return signedRoot.clone();
    }

    /** True when this call generated the keys. */
    public boolean created() {
        return created;
    }

    /** What enrollment hands each device to pin. */
    public TrustAnchor trustAnchor() {
        return new TrustAnchor(root.version(), signedRoot);
    }

    /** The admission key quorum gateways are configured with. */
    public KeyQuorum admissionQuorum() {
        return root.role("admission").orElseThrow(() -> new DammException(ErrorCode.CONFIGURATION_ERROR, "root: has no admission role"));
    }
}
