package dev.damm.core.internal.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * One state file with a single owner: an OS lock on a sidecar {@code <name>.lock} file is held
 * from {@link #acquire} to {@link #close}, so a second handle on the same file, in this process
 * or another, is refused with {@link ErrorCode#CONFLICT} instead of keeping its own copy of the
 * state and rolling the first one's writes back. (The lock is on a sidecar because the state
 * file itself is replaced by a rename on every write, and a lock does not follow a rename.)
 *
 * <p>Every write is atomic and owner-only ({@code rw-------} where POSIX permissions exist): the
 * new content goes to a temporary file in the same directory, is flushed, and is renamed over the
 * old file, so a crash leaves the old or the new state, never a torn one. Thread-safe.
 */
public final class LockedFile implements Closeable {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;
    private final FileChannel lockChannel;
    private FileLock lock;

    private LockedFile(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code file} (which need not exist yet), without waiting.
     *
     * @throws DammException {@link ErrorCode#CONFLICT} when another handle holds it
     */
    public static LockedFile acquire(Path file) {
        Path abs = Require.nonNull("file", file).toAbsolutePath();
        Path lockPath = abs.resolveSibling(abs.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(abs.getParent());
            ch = FileChannel.open(lockPath, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly());
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                throw new DammException(ErrorCode.CONFLICT, "file: " + abs + " is already open through another handle (locked by " + lockPath.getFileName() + ")");
            }
            LockedFile out = new LockedFile(abs, ch, l);
            ch = null;
            return out;
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "file: could not lock " + lockPath, e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // Nothing was locked through it.
                }
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** Returns the path of the state file. */
    public Path file() {
        return file;
    }

    /** Returns the file's content if it exists and is at most {@code maxBytes} long. */
    public synchronized Optional<byte[]> read(int maxBytes) {
        checkOpen();
        try {
            if (Files.size(file) > maxBytes) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "file: " + file + " is larger than " + maxBytes + " bytes");
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "file: could not read " + file, e);
        }
    }

    /** Replaces the file's content atomically and durably. */
    public synchronized void write(byte[] bytes) {
        checkOpen();
        Require.nonNull("bytes", bytes);
        Path dir = file.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly());
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
            throw new DammException(ErrorCode.INTERNAL, "file: could not write " + file, e);
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

    private void checkOpen() {
        if (lock == null) {
            throw new DammException(ErrorCode.CONFLICT, "file: the handle on " + file + " is closed");
        }
    }

    /** Returns whether this handle still holds the lock. */
    public synchronized boolean isOpen() {
        return lock != null;
    }

    /** Releases the lock; later reads and writes through this handle are refused. */
    @Override
    public synchronized void close() {
        if (lock == null) {
            return;
        }
        lock = null;
        try {
            // Closing the channel releases its lock.
            lockChannel.close();
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "file: could not release the lock of " + file, e);
        }
    }
}
