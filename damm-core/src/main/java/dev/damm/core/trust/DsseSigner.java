package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Signs payloads of one payload type into DSSE envelopes with one or more keys.
 *
 * <p>Thread-safe when the keys are. A root-signing ceremony can sign with one holder's key and
 * {@link #countersign} the envelope on another holder's machine.
 */
public final class DsseSigner {
    private final String payloadType;
    private final List<SigningKey> keys;

    /** Creates a signer for {@code payloadType} that signs with every key in {@code keys}. */
    public DsseSigner(String payloadType, List<? extends SigningKey> keys) {
        this.payloadType = Require.text("payloadType", payloadType, DsseEnvelope.MAX_PAYLOAD_TYPE_LENGTH);
        Require.elements("keys", keys, DsseEnvelope.MAX_SIGNATURES);
        if (keys.isEmpty()) {
            throw DammException.invalid("keys", "must hold at least one signing key");
        }
        Set<KeyId> ids = new HashSet<>();
        for (SigningKey k : keys) {
            if (!ids.add(k.keyId())) {
                throw DammException.invalid("keys", "must not hold key " + k.keyId() + " twice");
            }
        }
        this.keys = List.copyOf(keys);
    }

    /** Creates a signer for {@code payloadType} with one key. */
    public DsseSigner(String payloadType, SigningKey key) {
        this(payloadType, List.of(Require.nonNull("key", key)));
    }

    /** Signs the exact {@code payload} bytes. */
    public DsseEnvelope sign(byte[] payload) {
        Require.nonNull("payload", payload);
        return new DsseEnvelope(payloadType, payload, signatures(Dsse.pae(payloadType, payload)));
    }

    /** Adds this signer's signatures to {@code envelope}, which must have this signer's payload type. */
    public DsseEnvelope countersign(DsseEnvelope envelope) {
        Require.nonNull("envelope", envelope);
        if (!envelope.payloadType().equals(payloadType)) {
            throw DammException.invalid("envelope.payloadType", "must be " + payloadType + ", was " + Require.printable(envelope.payloadType()));
        }
        return envelope.withSignatures(signatures(envelope.pae()));
    }

    /** Returns how many free bytes {@link #signInPlace} needs in front of a payload of {@code payloadLength} bytes. */
    public int headroom(int payloadLength) {
        return Dsse.paeHeader(payloadType, payloadLength).length;
    }

    /**
     * Signs a payload written at the end of {@code buffer}, behind {@link #headroom} free bytes, and
     * returns the envelope with its JSON form already written: the same bytes as
     * {@code sign(payload).toJson()}.
     *
     * <p>For payloads of megabytes. The signer puts PAE's header in the free bytes, so the buffer is
     * the pre-authentication encoding and is signed without a copy, and the envelope keeps its
     * payload there. The payload's base64 (which does not depend on the signatures) is written
     * straight into the JSON form by a thread of {@code executor} while this thread signs; with
     * {@code executor} null, or when none of its threads starts in time, this thread writes it.
     *
     * @param buffer {@code headroom(payloadLength) + payloadLength} bytes, the payload at the end; the
     *     envelope takes it over, so the caller must not change it afterwards
     * @param executor where the base64 may be written, or null
     */
    public DsseEnvelope signInPlace(byte[] buffer, int payloadLength, Executor executor) {
        Require.nonNull("buffer", buffer);
        byte[] header = Dsse.paeHeader(payloadType, payloadLength);
        if ((long) header.length + payloadLength != buffer.length) {
            throw DammException.invalid("buffer", "must hold " + header.length + " free bytes and the " + payloadLength
                    + "-byte payload, held " + buffer.length + " bytes");
        }
        System.arraycopy(header, 0, buffer, 0, header.length);
        int offset = header.length;
        // The JSON form is a fixed prefix, the payload's base64 and a suffix with the signatures. With
        // 64-byte signatures (what SigningKey promises) the suffix's length is known before signing.
        List<DsseSignature> expected = new ArrayList<>(keys.size());
        for (SigningKey k : keys) {
            expected.add(new DsseSignature(k.keyId().value(), new byte[Ed25519PublicKey.SIGNATURE_LENGTH]));
        }
        byte[][] around = DsseEnvelope.jsonAroundPayload(payloadType, expected);
        byte[] prefix = around[0];
        int base64Length = (payloadLength + 2) / 3 * 4;
        int jsonLength = prefix.length + base64Length + around[1].length;
        byte[][] written = new byte[1][];
        // Allocating (and so zeroing) the megabytes of the JSON form is part of the background work too.
        Background base64 = new Background(() -> {
            byte[] json = new byte[jsonLength];
            System.arraycopy(prefix, 0, json, 0, prefix.length);
            try (OutputStream out = Base64.getEncoder().wrap(new ArrayOutput(json, prefix.length))) {
                out.write(buffer, offset, payloadLength);
            }
            written[0] = json;
        }, executor);
        List<DsseSignature> signatures = signatures(buffer);
        base64.join();
        byte[] json = written[0];
        byte[] suffix = DsseEnvelope.jsonAroundPayload(payloadType, signatures)[1];
        byte[] out = json;
        if (suffix.length != around[1].length) {
            out = Arrays.copyOf(json, prefix.length + base64Length + suffix.length);
        }
        System.arraycopy(suffix, 0, out, prefix.length + base64Length, suffix.length);
        return new DsseEnvelope(payloadType, List.copyOf(signatures), buffer, offset, payloadLength, out);
    }

    /** Writes into an array from a position on; the caller sized the array. */
    private static final class ArrayOutput extends OutputStream {
        private final byte[] target;
        private int position;

        ArrayOutput(byte[] target, int position) {
            this.target = target;
            this.position = position;
        }

        @Override
        public void write(int b) {
            target[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, target, position, len);
            position += len;
        }
    }

    /** A task a helper thread may run; whoever claims it first runs it, so {@link #join} never waits for a thread that has not started. */
    private static final class Background {
        private final IoTask task;
        private final AtomicBoolean claimed = new AtomicBoolean();
        // CompletableFuture.join waits through interrupts and restores the flag afterwards.
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile Throwable failure;

        Background(IoTask task, Executor executor) {
            this.task = task;
            if (executor != null) {
                try {
                    executor.execute(this::runIfUnclaimed);
                } catch (RejectedExecutionException e) {
                    // join() runs it on the calling thread.
                }
            }
        }

        private void runIfUnclaimed() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    task.run();
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.complete(null);
                }
            }
        }

        void join() {
            runIfUnclaimed();
            done.join();
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new DammException(ErrorCode.INTERNAL, "envelope: could not write the payload's base64", t);
            }
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private List<DsseSignature> signatures(byte[] pae) {
        List<DsseSignature> out = new ArrayList<>(keys.size());
        for (SigningKey k : keys) {
            out.add(new DsseSignature(k.keyId().value(), k.sign(pae)));
        }
        return out;
    }

    /** Returns the payload type this signer produces. */
    public String payloadType() {
        return payloadType;
    }
}
