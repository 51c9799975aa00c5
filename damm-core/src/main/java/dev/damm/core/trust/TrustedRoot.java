package dev.damm.core.trust;

import dev.damm.spi.Require;
import java.time.Instant;

/**
 * A root that passed {@link RootVerifier}: its document and the exact signed envelope, which a
 * {@link TrustStore} keeps so the check can be repeated after a restart.
 *
 * <p>Only {@link RootVerifier} creates instances, so holding one means the chain was checked.
 */
public final class TrustedRoot {
    private final RootDocument document;
    private final byte[] envelope;

    TrustedRoot(RootDocument document, byte[] envelope) {
        this.document = Require.nonNull("document", document);
        this.envelope = Require.nonNull("envelope", envelope).clone();
    }

    /** Returns the root's content. */
    public RootDocument document() {
        return document;
    }

    /** Returns the root's version. */
    public int version() {
        return document.version();
    }

    /** Returns whether the root is expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return document.isExpiredAt(now);
    }

    /** Returns a copy of the signed envelope (JSON). */
    public byte[] envelope() {
        return envelope.clone();
    }

    @Override
    public String toString() {
        return "TrustedRoot[" + document + "]";
    }
}
