package dev.damm.core.catalog;

import dev.damm.core.trust.DsseEnvelope;
import dev.damm.spi.Require;

/**
 * A catalog and the DSSE envelope that carries its signed bytes; {@link #toJson()} is what a
 * publisher serves. Immutable and thread-safe.
 */
public final class SignedCatalog {
    private final Catalog catalog;
    private final DsseEnvelope envelope;

    SignedCatalog(Catalog catalog, DsseEnvelope envelope) {
        this.catalog = Require.nonNull("catalog", catalog);
        this.envelope = Require.nonNull("envelope", envelope);
    }

    public Catalog catalog() {
        return catalog;
    }

    public DsseEnvelope envelope() {
        return envelope;
    }

    /** Returns the envelope's JSON form, ready to publish. */
    public byte[] toJson() {
        return envelope.toJson();
    }

    @Override
    public String toString() {
        return "SignedCatalog[" + catalog + ", signatures=" + envelope.signatures().size() + "]";
    }
}
