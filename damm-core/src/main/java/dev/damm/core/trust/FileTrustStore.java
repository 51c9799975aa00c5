package dev.damm.core.trust;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.damm.core.json.DammJson;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link TrustStore} kept in one JSON file, rewritten atomically on every change: the new
 * content goes to a temporary file in the same directory, is flushed to disk, and is renamed
 * over the old file, so a crash leaves either the old or the new state, never a torn one.
 *
 * <p>The stored root is checked again (self-signature) when the file is opened. Thread-safe
 * within one process; one file must not be shared by two processes.
 */
public final class FileTrustStore implements TrustStore {
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private final Path file;
    private final TrustState state;

    private FileTrustStore(Path file, TrustState state) {
        this.file = file;
        this.state = state;
    }

    /**
     * Creates the file with the root pinned at enrollment.
     *
     * @throws DammException {@link ErrorCode#CONFLICT} if the file already exists
     */
    public static FileTrustStore create(Path file, TrustedRoot pinned) {
        Require.nonNull("file", file);
        if (Files.exists(file)) {
            throw new DammException(ErrorCode.CONFLICT, "file: trust store " + file + " already exists");
        }
        FileTrustStore store = new FileTrustStore(file.toAbsolutePath(), new TrustState(pinned));
        store.write(store.state);
        return store;
    }

    /**
     * Opens an existing file.
     *
     * @throws DammException {@link ErrorCode#NOT_FOUND} if it does not exist,
     *     {@link ErrorCode#MALFORMED_INPUT} if it is damaged or its root does not verify
     */
    public static FileTrustStore open(Path file) {
        Require.nonNull("file", file);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "file: trust store " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DammException(ErrorCode.NOT_FOUND, "file: trust store " + file + " does not exist");
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "file: could not read trust store " + file, e);
        }
        StoreJson dto = TrustJson.read("trustStore", bytes, StoreJson.class);
        if (dto == null || dto.root() == null) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "trustStore.root: is missing");
        }
        RootUpdate pinned = new RootVerifier(MAX_FILE_BYTES).pin(TrustJson.base64("trustStore.root", dto.root()));
        if (pinned instanceof RootUpdate.Rejected r) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "trustStore.root: does not verify (" + r.reason().code() + "): " + r.detail());
        }
        TrustState state = new TrustState(((RootUpdate.Accepted) pinned).root());
        if (dto.accepted() != null) {
            try {
                for (Map.Entry<String, SerialJson> e : dto.accepted().entrySet()) {
                    SerialJson s = Require.nonNull("trustStore.accepted", e.getValue());
                    state.record(e.getKey(), new AcceptedSerial(Require.nonNull("trustStore.accepted.serial", s.serial()), s.payloadSha256()));
                }
            } catch (DammException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "trustStore." + e.getMessage());
            }
        }
        return new FileTrustStore(file.toAbsolutePath(), state);
    }

    /** Returns the path of the backing file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized TrustedRoot root() {
        return state.root();
    }

    @Override
    public synchronized void replaceRoot(TrustedRoot newer) {
        state.checkReplaceRoot(newer);
        TrustState next = copy();
        next.replaceRoot(newer);
        write(next);
        state.replaceRoot(newer);
    }

    @Override
    public synchronized Optional<AcceptedSerial> lastAccepted(String scope) {
        return state.lastAccepted(scope);
    }

    @Override
    public synchronized void recordAccepted(String scope, AcceptedSerial accepted) {
        state.checkRecord(scope, accepted);
        TrustState next = copy();
        next.record(scope, accepted);
        write(next);
        state.record(scope, accepted);
    }

    private TrustState copy() {
        TrustState c = new TrustState(state.root());
        c.accepted().putAll(state.accepted());
        return c;
    }

    private void write(TrustState s) {
        Map<String, SerialJson> accepted = new TreeMap<>();
        s.accepted().forEach((k, v) -> accepted.put(k, new SerialJson(v.serial(), v.payloadSha256())));
        byte[] bytes = DammJson.write(new StoreJson(Base64.getEncoder().encodeToString(s.root().envelope()), accepted));
        Path dir = file.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "file: " + dir + " does not support atomic rename", e);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "file: could not write trust store " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The rename did not happen; a stray temporary file is harmless.
                }
            }
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, which is fine there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: not all platforms (e.g. Windows) allow it.
        }
    }

    @Override
    public synchronized String toString() {
        return "FileTrustStore[" + file + ", root v" + state.root().version() + ", scopes=" + state.accepted().keySet() + "]";
    }

    @JsonPropertyOrder({"root", "accepted"})
    record StoreJson(String root, Map<String, SerialJson> accepted) {}

    @JsonPropertyOrder({"serial", "payloadSha256"})
    record SerialJson(Long serial, String payloadSha256) {}
}
