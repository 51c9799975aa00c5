package dev.damm.core.admission;

import dev.damm.core.trust.AcceptedSerial;
import dev.damm.core.internal.trust.LockedFile;
import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.Require;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a gateway remembers between runs about its admission: the last set it accepted, kept as
 * the exact signed envelope, from which its serial, payload digest and vouching keys follow.
 *
 * <p>The file form is that envelope or, when the set was reached by a delta, the delta's exact
 * signed envelope and the set it yielded ({@code {"deltaEnvelope": base64, "set": {...}}}): the
 * delta's signature vouches for the gateway, serial, times and the digest of the set's peers, so
 * the stored set is checked against it. Either form is rewritten atomically and owner-only on every acceptance,
 * with an OS lock held from {@link #open} to {@link #close} so a second handle on the same file
 * is refused (see {@link LockedFile}). On a restart the {@link AdmissionVerifier} built on the
 * store checks the envelope's signatures again under the admission keys it is given, and from
 * then refuses any set older than it, whatever the caller believes was applied. If those keys
 * no longer vouch for the stored set (the admission role's keys changed), its serial no longer
 * binds: fast-forward recovery, the same rule as a client's catalog serials.
 *
 * <p>Thread-safe; acceptance is one compare-and-set under the store's lock. Used only through an
 * {@link AdmissionVerifier}.
 */
public final class AdmissionTrustStore implements Closeable {
    private final LockedFile file;
    // The envelope read at open, until a verifier has checked it.
    private byte[] unchecked;
    private boolean restored;
    private Held held;

    /** The accepted set, its serial record and the bytes the file keeps for it (see the class comment). */
    record Held(AdmissionSet set, AcceptedSerial serial, byte[] envelope) {}

    /** The file form after a delta: the delta's signed envelope and the set it yielded. */
    record StoredDelta(byte[] deltaEnvelope, AdmissionSet set) {
        StoredDelta {
            Require.nonNull("deltaEnvelope", deltaEnvelope);
            Require.nonNull("set", set);
        }
    }

    private AdmissionTrustStore(LockedFile file, byte[] unchecked) {
        this.file = file;
        this.unchecked = unchecked;
        this.restored = unchecked == null;
    }

    /** A store that forgets everything when the process ends; for tests and tools. */
    public static AdmissionTrustStore inMemory() {
        return new AdmissionTrustStore(null, null);
    }

    /**
     * Opens (or, when absent, starts) the store kept in {@code file}, and holds its lock until
     * {@link #close()}.
     *
     * @throws dev.damm.spi.DammException {@code CONFLICT} when another handle holds the file
     */
    public static AdmissionTrustStore open(Path file) {
        LockedFile locked = LockedFile.acquire(Require.nonNull("file", file));
        try {
            AdmissionTrustStore store = new AdmissionTrustStore(locked, locked.read(AdmissionVerifier.MAX_STORED_BYTES).orElse(null));
            locked = null;
            return store;
        } finally {
            if (locked != null) {
                locked.close();
            }
        }
    }

    /** Returns the backing file, if any. */
    public Optional<Path> file() {
        return file == null ? Optional.empty() : Optional.of(file.file());
    }

    /** Returns the serial of the set held, if a verifier has restored or accepted one. */
    public synchronized Optional<AcceptedSerial> lastAccepted() {
        return held == null ? Optional.empty() : Optional.of(held.serial());
    }

    /** Hands the envelope read at open to {@code check} once, and keeps what it returns (null: nothing binds). */
    synchronized void restore(java.util.function.Function<byte[], Held> check) {
        if (!restored) {
            held = check.apply(unchecked);
            unchecked = null;
            restored = true;
        }
    }

    synchronized Held held() {
        return held;
    }

    /**
     * The compare-and-set: {@code candidate} replaces the held set if nothing binding is held or
     * its serial is higher; an equal serial with the same digest is the same set seen again.
     * Returns null when accepted, otherwise why not.
     */
    synchronized AdmissionCheck.Rejected accept(Held candidate, java.util.function.Predicate<AcceptedSerial> binds) {
        if (held != null && binds.test(held.serial())) {
            long last = held.serial().serial();
            long next = candidate.serial().serial();
            if (next < last) {
                return new AdmissionCheck.Rejected(RejectionReason.ROLLBACK, "serial: " + next + " is below the last accepted " + last);
            }
            if (next == last) {
                return held.serial().payloadSha256().equals(candidate.serial().payloadSha256())
                        ? null
                        : new AdmissionCheck.Rejected(RejectionReason.ROLLBACK, "serial: " + next + " was already accepted with different content");
            }
        }
        if (file != null) {
            file.write(candidate.envelope());
        }
        held = candidate;
        return null;
    }

    /**
     * The compare-and-set of a delta: {@code candidate} (the set the delta yields) replaces the held
     * set only if that is still {@code base}, the set the delta was checked against. Returns null
     * when accepted, otherwise why not.
     */
    synchronized AdmissionCheck.Rejected acceptDelta(Held base, Held candidate) {
        if (held != base) {
            return new AdmissionCheck.Rejected(RejectionReason.BASE_MISMATCH, "baseSerial: the held set changed while the delta was checked");
        }
        if (candidate.serial().serial() <= base.serial().serial()) {
            return new AdmissionCheck.Rejected(RejectionReason.ROLLBACK, "serial: " + candidate.serial().serial()
                    + " is not above the held " + base.serial().serial());
        }
        if (file != null) {
            file.write(candidate.envelope());
        }
        held = candidate;
        return null;
    }

    /** Releases the file's lock; the store refuses changes afterwards. */
    @Override
    public synchronized void close() {
        if (file != null) {
            file.close();
        }
    }

    @Override
    public synchronized String toString() {
        return "AdmissionTrustStore[" + (file == null ? "in memory" : file.file()) + ", "
                + (held == null ? "nothing held" : "serial " + held.serial().serial()) + "]";
    }
}
