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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference server's signing keys, kept as files under a directory: three root keys (any two
 * sign a root), the online catalog key, the admission key, and the signed root document that
 * devices pin. Created on first use, reused afterwards, so devices enrolled earlier keep
 * verifying catalogs.
 *
 * <p>Production keeps root keys offline (export them encrypted with {@link KeyFiles#encrypt} and
 * delete them here); the reference server keeps them beside the online keys only so that a fresh
 * checkout runs end to end. Files are written with mode 600.
 */
public final class KeyRing {
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

    /** Loads the key ring from {@code dir}, creating it (and root version 1) when absent. */
    public static KeyRing openOrCreate(Path dir, Clock clock, SecureRandom random) {
        try {
            Files.createDirectories(dir);
            Path rootFile = dir.resolve("root-1.json");
            if (Files.exists(rootFile)) {
                List<Ed25519SigningKey> roots = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    roots.add(read(dir.resolve("root-" + i + ".key")));
                }
                byte[] signed = Files.readAllBytes(rootFile);
                RootDocument root = RootDocument.fromJson(DsseEnvelope.parse(signed).payload());
                return new KeyRing(roots, read(dir.resolve("catalog.key")), read(dir.resolve("admission.key")), root, signed, false);
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
                writeSecret(dir.resolve("root-" + (i + 1) + ".key"), KeyFiles.privateKeyPem(roots.get(i)));
            }
            writeSecret(dir.resolve("catalog.key"), KeyFiles.privateKeyPem(catalog));
            writeSecret(dir.resolve("admission.key"), KeyFiles.privateKeyPem(admission));
            Files.writeString(dir.resolve("catalog-pub.pem"), KeyFiles.publicKeyPem(catalog.publicKey()));
            atomicWrite(rootFile, signed);
            return new KeyRing(roots, catalog, admission, root, signed, true);
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "keyDirectory: cannot read or write " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    private static Ed25519SigningKey read(Path p) throws IOException {
        return KeyFiles.readPrivateKeyPem(Files.readString(p, StandardCharsets.US_ASCII));
    }

    private static void writeSecret(Path p, String content) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        move(tmp, p);
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
