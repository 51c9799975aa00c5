package dev.damm.core.catalog;

import dev.damm.core.trust.DsseEnvelope;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.OutputStream;

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

    /** Returns the envelope's JSON form, ready to publish (a new array each call). */
    public byte[] toJson() {
        return envelope.toJson();
    }

    /** Writes the envelope's JSON form to {@code out} without copying it first (big catalogs are megabytes). */
    public void writeTo(OutputStream out) throws IOException {
        envelope.writeTo(out);
    }

    @Override
    public String toString() {
        return "SignedCatalog[" + catalog + ", signatures=" + envelope.signatures().size() + "]";
    }
}
