package dev.damm.server.keys;

import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyFiles;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.Ed25519PublicKey;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.core.trust.SigningKey;
import dev.damm.core.trust.TrustedRoot;
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
 *
 * <p>The catalog key and the root keys can be replaced ({@link #rotateCatalogKey()}, {@link
 * #rotateRootKeys()}); each rotation signs the next root version under the chain rule devices
 * check, and every version ever signed stays on disk ({@code root-<version>.json}, public) so a
 * device holding an old root can walk to the newest. The ring is thread-safe.
 */
public final class KeyRing {
    /** The environment variable that holds the passphrase of the key files. */
    public static final String PASSPHRASE_ENV = "DAMM_KEY_PASSPHRASE";
    /** How long a root signed by the ring stays valid unless a newer one replaces it. */
    public static final Duration ROOT_VALID_FOR = Duration.ofDays(365);
    private static final String PASSPHRASE_FILE = "passphrase";
    private static final String OWNER_ONLY = "rw-------";
    /** Suffix of a key written for a rotation whose root is not yet on disk. */
    private static final String NEXT = ".next";
    private static final List<String> ROOT_KEY_FILES = List.of("root-1.key", "root-2.key", "root-3.key");
    private static final String CATALOG_KEY_FILE = "catalog.key";

    /** What the ring signs with now; replaced as a whole by a rotation. */
    private record State(List<Ed25519SigningKey> rootKeys, Ed25519SigningKey catalogKey, TrustedRoot root, List<byte[]> roots) {}

    private final Path dir;
    private final char[] passphrase;
    private final Clock clock;
    private final SecureRandom random;
    private final Ed25519SigningKey admissionKey;
    private final boolean created;
    private volatile State state;

    private KeyRing(Path dir, char[] passphrase, Clock clock, SecureRandom random, Ed25519SigningKey admissionKey, State state,
            boolean created) {
        this.dir = dir;
        this.passphrase = passphrase.clone();
        this.clock = clock;
        this.random = random;
        this.admissionKey = admissionKey;
        this.state = state;
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
     * passphrase array is not modified; the caller wipes it (the ring keeps a copy to encrypt the
     * keys a rotation makes).
     *
     * <p>Every root version ever signed is kept beside the keys as {@code root-<version>.json};
     * opening checks that they form a chain from version 1 (each signed by the root keys of the one
     * before and its own). A rotation interrupted between writing its new key and its root is
     * finished or undone here: a new key the newest root names is moved into place, any other is
     * deleted.
     *
     * @throws DammException {@code UNAUTHENTICATED} when {@code passphrase} does not open the key
     *     files, {@code CONFIGURATION_ERROR} when the directory cannot be read or written or the
     *     roots on disk do not form a chain
     */
    public static KeyRing openOrCreate(Path dir, char[] passphrase, Clock clock, SecureRandom random) {
        try {
            createPrivateDirectory(dir);
            Path rootFile = dir.resolve("root-1.json");
            if (Files.exists(rootFile)) {
                List<byte[]> roots = new ArrayList<>();
                for (int v = 1; Files.exists(dir.resolve("root-" + v + ".json")); v++) {
                    roots.add(Files.readAllBytes(dir.resolve("root-" + v + ".json")));
                }
                TrustedRoot newest = chain(dir, roots);
                for (String name : ROOT_KEY_FILES) {
                    finishRotation(dir, name, passphrase, newest.document().rootKeys());
                }
                finishRotation(dir, CATALOG_KEY_FILE, passphrase, newest.document().catalogKeys());
                List<Ed25519SigningKey> rootKeys = new ArrayList<>();
                for (String name : ROOT_KEY_FILES) {
                    rootKeys.add(read(dir.resolve(name), passphrase, random));
                }
                Ed25519SigningKey catalog = read(dir.resolve(CATALOG_KEY_FILE), passphrase, random);
                if (newest.document().catalogKeys().find(catalog.keyId().value()).isEmpty()) {
                    throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: " + dir + ": catalog.key is not a catalog key of root v"
                            + newest.version());
                }
                return new KeyRing(dir, passphrase, clock, random, read(dir.resolve("admission.key"), passphrase, random),
                        new State(rootKeys, catalog, newest, roots), false);
            }
            List<Ed25519SigningKey> roots = List.of(Ed25519SigningKey.generate(random), Ed25519SigningKey.generate(random),
                    Ed25519SigningKey.generate(random));
            Ed25519SigningKey catalog = Ed25519SigningKey.generate(random);
            Ed25519SigningKey admission = Ed25519SigningKey.generate(random);
            RootDocument root = RootDocument.builder().version(1).expires(clock.instant().plus(ROOT_VALID_FOR))
                    .rootKeys(new KeyQuorum(roots.stream().map(Ed25519SigningKey::publicKey).toList(), 2))
                    .catalogKeys(KeyQuorum.single(catalog.publicKey()))
                    .role("admission", KeyQuorum.single(admission.publicKey()))
                    .build();
            DsseEnvelope env = new DsseSigner(RootDocument.PAYLOAD_TYPE, roots.get(0)).sign(root.toJson());
            byte[] signed = new DsseSigner(RootDocument.PAYLOAD_TYPE, roots.get(1)).countersign(env).toJson();
            for (int i = 0; i < 3; i++) {
                writeSecret(dir.resolve(ROOT_KEY_FILES.get(i)), KeyFiles.encrypt(roots.get(i), passphrase, random));
            }
            writeSecret(dir.resolve(CATALOG_KEY_FILE), KeyFiles.encrypt(catalog, passphrase, random));
            writeSecret(dir.resolve("admission.key"), KeyFiles.encrypt(admission, passphrase, random));
            Files.writeString(dir.resolve("catalog-pub.pem"), KeyFiles.publicKeyPem(catalog.publicKey()));
            atomicWrite(rootFile, signed);
            TrustedRoot trusted = chain(dir, List.of(signed));
            return new KeyRing(dir, passphrase, clock, random, admission, new State(roots, catalog, trusted, List.of(signed)), true);
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: cannot read or write " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    /** Checks {@code roots} (version 1 first) the way a device does and returns the newest. */
    private static TrustedRoot chain(Path dir, List<byte[]> roots) {
        RootVerifier verifier = new RootVerifier();
        // Each file must be exactly the next version: a skipped or repeated one is a broken chain here.
        RootUpdate newest = verifier.pin(roots.get(0));
        for (int i = 1; i < roots.size() && newest instanceof RootUpdate.Accepted a; i++) {
            newest = verifier.next(a.root(), roots.get(i));
        }
        if (newest instanceof RootUpdate.Accepted a && a.root().version() != roots.size()) {
            newest = new RootUpdate.Rejected(dev.damm.core.trust.RejectionReason.ROOT_CHAIN_BROKEN, "root-1.json is version " + a.root().version());
        }
        if (newest instanceof RootUpdate.Rejected r) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: " + dir + ": the roots on disk do not form a chain ("
                    + r.reason().code() + "): " + r.detail());
        }
        return ((RootUpdate.Accepted) newest).root();
    }

    /** Moves {@code name.next} into place when {@code quorum} (the newest root's) names its key; deletes it otherwise. */
    private static void finishRotation(Path dir, String name, char[] passphrase, KeyQuorum quorum) throws IOException {
        Path next = dir.resolve(name + NEXT);
        if (!Files.exists(next)) {
            return;
        }
        Ed25519SigningKey key = KeyFiles.decrypt(Files.readString(next, StandardCharsets.US_ASCII), passphrase);
        if (quorum.find(key.keyId().value()).isPresent()) {
            move(next, dir.resolve(name));
        } else {
            Files.delete(next);
        }
    }

    /**
     * Replaces the catalog key: makes a new one and signs the next root version, which names it as
     * the only catalog key, with the root keys' threshold (the root keys stay, so the same
     * signatures meet the old root's threshold and the new one's, as a device checks). Catalogs
     * signed from now on are signed by the new key; a device holding an older root follows the
     * chain to this one ({@code GET /v1/roots/{version}}) and from then on trusts only the new key.
     *
     * @return the new root
     */
    public synchronized RootDocument rotateCatalogKey() {
        State s = state;
        Ed25519SigningKey key = Ed25519SigningKey.generate(random);
        RootDocument next = s.root().document().toNextVersion().expires(clock.instant().plus(ROOT_VALID_FOR))
                .catalogKeys(KeyQuorum.single(key.publicKey())).build();
        byte[] signed = new DsseSigner(RootDocument.PAYLOAD_TYPE, s.rootKeys().subList(0, 2)).sign(next.toJson()).toJson();
        try {
            writeSecret(dir.resolve(CATALOG_KEY_FILE + NEXT), KeyFiles.encrypt(key, passphrase, random));
            TrustedRoot trusted = publishRoot(s, signed);
            move(dir.resolve(CATALOG_KEY_FILE + NEXT), dir.resolve(CATALOG_KEY_FILE));
            Files.writeString(dir.resolve("catalog-pub.pem"), KeyFiles.publicKeyPem(key.publicKey()));
            state = new State(s.rootKeys(), key, trusted, append(s.roots(), signed));
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: cannot write " + dir + " (" + e.getMessage() + ")", e);
        }
        return next;
    }

    /**
     * Replaces the root keys: makes three new ones (any two sign a root) and signs the next root
     * version, which names them, with the threshold of the old root keys and that of the new ones,
     * as the chain rule asks; the catalog and admission keys stay.
     *
     * @return the new root
     */
    public synchronized RootDocument rotateRootKeys() {
        State s = state;
        List<Ed25519SigningKey> keys = List.of(Ed25519SigningKey.generate(random), Ed25519SigningKey.generate(random),
                Ed25519SigningKey.generate(random));
        RootDocument next = s.root().document().toNextVersion().expires(clock.instant().plus(ROOT_VALID_FOR))
                .rootKeys(new KeyQuorum(keys.stream().map(Ed25519SigningKey::publicKey).toList(), 2)).build();
        List<Ed25519SigningKey> signers = List.of(s.rootKeys().get(0), s.rootKeys().get(1), keys.get(0), keys.get(1));
        byte[] signed = new DsseSigner(RootDocument.PAYLOAD_TYPE, signers).sign(next.toJson()).toJson();
        try {
            for (int i = 0; i < 3; i++) {
                writeSecret(dir.resolve(ROOT_KEY_FILES.get(i) + NEXT), KeyFiles.encrypt(keys.get(i), passphrase, random));
            }
            TrustedRoot trusted = publishRoot(s, signed);
            for (String name : ROOT_KEY_FILES) {
                move(dir.resolve(name + NEXT), dir.resolve(name));
            }
            state = new State(keys, s.catalogKey(), trusted, append(s.roots(), signed));
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: cannot write " + dir + " (" + e.getMessage() + ")", e);
        }
        return next;
    }

    /** Checks {@code signed} as the successor of the current root, as a device will, then writes it beside the others. */
    private TrustedRoot publishRoot(State s, byte[] signed) throws IOException {
        RootUpdate u = new RootVerifier().next(s.root(), signed);
        if (u instanceof RootUpdate.Rejected r) {
            throw new DammException(ErrorCode.INTERNAL, "root: the ring signed a root its own chain rule refuses (" + r.reason().code() + ")");
        }
        TrustedRoot trusted = ((RootUpdate.Accepted) u).root();
        atomicWrite(dir.resolve("root-" + trusted.version() + ".json"), signed);
        return trusted;
    }

    private static List<byte[]> append(List<byte[]> roots, byte[] signed) {
        List<byte[]> out = new ArrayList<>(roots);
        out.add(signed);
        return List.copyOf(out);
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

    /** The catalog key catalogs are signed with now. */
    public Ed25519SigningKey catalogKey() { return state.catalogKey(); }
    public Ed25519SigningKey admissionKey() { return admissionKey; }
    /** The newest root. */
    public RootDocument root() { return state.root().document(); }
    /** The root keys that sign the next root. */
    public List<Ed25519SigningKey> rootKeys() { return state.rootKeys(); }

    /**
     * A signer that signs with whichever catalog key is current, so a publisher built once keeps
     * signing with the new key after {@link #rotateCatalogKey()}.
     */
    public SigningKey catalogSigner() {
        return new SigningKey() {
            @Override
            public Ed25519PublicKey publicKey() {
                return state.catalogKey().publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                return state.catalogKey().sign(message);
            }

            @Override
            public String toString() {
                return "CatalogSigner[" + state.catalogKey().keyId() + "]";
            }
        };
    }

    /** The signed newest root document, as devices pin it. */
    public byte[] signedRoot() {
        return state.root().envelope();
    }

    /** Every root version signed so far, as signed, oldest (version 1) first. */
    public List<byte[]> signedRoots() {
        return state.roots().stream().map(byte[]::clone).toList();
    }

    /** The signed root of {@code version}, if the ring ever signed it. */
    public java.util.Optional<byte[]> signedRoot(long version) {
        List<byte[]> roots = state.roots();
        return version >= 1 && version <= roots.size() ? java.util.Optional.of(roots.get((int) version - 1).clone()) : java.util.Optional.empty();
    }

    /** True when this call generated the keys. */
    public boolean created() {
        return created;
    }

    /** What enrollment hands each device to pin. */
    public TrustAnchor trustAnchor() {
        State s = state;
        return new TrustAnchor(s.root().version(), s.root().envelope());
    }

    /** The admission key quorum gateways are configured with. */
    public KeyQuorum admissionQuorum() {
        return root().role("admission").orElseThrow(() -> new DammException(ErrorCode.CONFIGURATION_ERROR, "root: has no admission role"));
    }
}
