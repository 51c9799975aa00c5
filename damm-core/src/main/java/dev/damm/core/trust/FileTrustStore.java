package dev.damm.core.trust;
import dev.damm.core.internal.trust.LockedFile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.damm.core.json.DammJson;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link TrustStore} kept in one JSON file, rewritten atomically and owner-only on every change
 * (see {@link LockedFile}).
 *
 * <p>One handle owns the file: opening takes an OS lock that {@link #close()} releases, so a
 * second handle on the same file (another process, or this one) is refused with
 * {@link ErrorCode#CONFLICT} rather than keeping its own state and rolling the first one's
 * serials back. The stored root is checked again (self-signature) when the file is opened.
 * Thread-safe.
 */
public final class FileTrustStore implements TrustStore, Closeable {
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private final LockedFile file;
    private final TrustState state;

    private FileTrustStore(LockedFile file, TrustState state) {
        this.file = file;
        this.state = state;
    }

    /**
     * Creates the file with the root pinned at enrollment, and holds its lock.
     *
     * @throws DammException {@link ErrorCode#CONFLICT} if the file already exists or another handle holds it
     */
    public static FileTrustStore create(Path file, TrustedRoot pinned) {
        Require.nonNull("file", file);
        Require.nonNull("root", pinned);
        LockedFile locked = LockedFile.acquire(file);
        try {
            if (Files.exists(locked.file())) {
                throw new DammException(ErrorCode.CONFLICT, "file: trust store " + file + " already exists");
            }
            FileTrustStore store = new FileTrustStore(locked, new TrustState(pinned));
            store.write(store.state);
            locked = null;
            return store;
        } finally {
            if (locked != null) {
                locked.close();
            }
        }
    }

    /**
     * Opens an existing file and holds its lock until {@link #close()}.
     *
     * @throws DammException {@link ErrorCode#NOT_FOUND} if it does not exist,
     *     {@link ErrorCode#MALFORMED_INPUT} if it is damaged or its root does not verify,
     *     {@link ErrorCode#CONFLICT} if another handle holds it
     */
    public static FileTrustStore open(Path file) {
        Require.nonNull("file", file);
        LockedFile locked = LockedFile.acquire(file);
        try {
            byte[] bytes = locked.read(MAX_FILE_BYTES)
                    .orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND, "file: trust store " + file + " does not exist"));
            FileTrustStore store = new FileTrustStore(locked, load(bytes));
            locked = null;
            return store;
        } finally {
            if (locked != null) {
                locked.close();
            }
        }
    }

    private static TrustState load(byte[] bytes) {
        StoreJson dto = TrustJson.read("trustStore", bytes, StoreJson.class);
        if (dto == null || dto.root() == null) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "trustStore.root: is missing");
        }
        RootUpdate pinned = new RootVerifier(MAX_FILE_BYTES).pin(TrustJson.base64("trustStore.root", dto.root()));
        if (pinned instanceof RootUpdate.Rejected r) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "trustStore.root: does not verify (" + r.reason().code() + "): " + r.detail());
        }
        TrustedRoot root = ((RootUpdate.Accepted) pinned).root();
        TrustState state = new TrustState(root);
        if (dto.accepted() != null) {
            try {
                for (Map.Entry<String, SerialJson> e : dto.accepted().entrySet()) {
                    SerialJson s = Require.nonNull("trustStore.accepted", e.getValue());
                    SortedSet<KeyId> signers = new TreeSet<>();
                    if (s.signers() == null) {
                        // Written before signers were recorded: vouched for by the catalog keys of
                        // the stored root, the only ones the file can name.
                        signers.addAll(root.document().catalogKeys().keyIds());
                    } else {
                        for (String id : Require.elements("trustStore.accepted.signers", s.signers(), KeyQuorum.MAX_KEYS)) {
                            signers.add(new KeyId(id));
                        }
                    }
                    AcceptedSerial a = new AcceptedSerial(Require.nonNull("trustStore.accepted.serial", s.serial()), s.payloadSha256(), signers);
                    state.record(e.getKey(), a);
                }
            } catch (DammException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "trustStore." + e.getMessage());
            }
        }
        return state;
    }

    /** Returns the path of the backing file. */
    public Path file() {
        return file.file();
    }

    @Override
    public synchronized TrustedRoot root() {
        return state.root();
    }

    @Override
    public synchronized void replaceRoot(TrustedRoot newer) {
        TrustState next = state.copy();
        next.replaceRoot(newer);
        write(next);
        state.replaceRoot(newer);
    }

    @Override
    public synchronized Optional<AcceptedSerial> lastAccepted(String scope) {
        return state.lastAccepted(scope);
    }

    @Override
    public synchronized Acceptance accept(String scope, AcceptedSerial candidate, int rootVersion) {
        Acceptance a = state.decide(scope, candidate, rootVersion);
        if (a instanceof Acceptance.Accepted ok && ok.now() == candidate && !candidate.equals(state.accepted().get(scope))) {
            TrustState next = state.copy();
            next.record(scope, candidate);
            write(next);
            state.record(scope, candidate);
        }
        return a;
    }

    /** Releases the file's lock; the handle refuses changes afterwards. */
    @Override
    public synchronized void close() {
        file.close();
    }

    private void write(TrustState s) {
        Map<String, SerialJson> accepted = new TreeMap<>();
        s.accepted().forEach((k, v) -> {
            List<String> ids = new ArrayList<>();
            v.signers().forEach(id -> ids.add(id.value()));
            accepted.put(k, new SerialJson(v.serial(), v.payloadSha256(), ids));
        });
        file.write(DammJson.write(new StoreJson(Base64.getEncoder().encodeToString(s.root().envelope()), accepted)));
    }

    @Override
    public synchronized String toString() {
        return "FileTrustStore[" + file.file() + ", root v" + state.root().version() + ", scopes=" + state.accepted().keySet() + "]";
    }

    @JsonPropertyOrder({"root", "accepted"})
    record StoreJson(String root, Map<String, SerialJson> accepted) {}

    @JsonPropertyOrder({"serial", "payloadSha256", "signers"})
    record SerialJson(Long serial, String payloadSha256, List<String> signers) {}
}
