package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signature in a DSSE envelope: the signer's key id and the signature bytes over the PAE.
 *
 * <p>The key id is kept as the text the envelope carried: an envelope may name keys this client
 * does not know, and those are skipped rather than rejected.
 */
public final class DsseSignature {
    /** Longest key id accepted in an envelope. */
    public static final int MAX_KEY_ID_LENGTH = 128;
    /** Longest signature accepted in an envelope. */
    public static final int MAX_SIGNATURE_LENGTH = 512;

    private final String keyId;
    private final byte[] sig;

    /** Creates a signature entry; both values are copied. */
    public DsseSignature(String keyId, byte[] sig) {
        this.keyId = Require.text("signature.keyid", keyId, MAX_KEY_ID_LENGTH);
        Require.nonNull("signature.sig", sig);
        if (sig.length == 0 || sig.length > MAX_SIGNATURE_LENGTH) {
            throw DammException.invalid("signature.sig", "must be 1 to " + MAX_SIGNATURE_LENGTH + " bytes, was " + sig.length);
        }
        this.sig = sig.clone();
    }

    /** Returns the key id text as the envelope carried it. */
    public String keyId() {
        return keyId;
    }

    /** Returns a copy of the signature bytes. */
    public byte[] sig() {
        return sig.clone();
    }

    byte[] sigUnsafe() {
        return sig;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsseSignature s && keyId.equals(s.keyId) && Arrays.equals(sig, s.sig);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(sig);
    }

    @Override
    public String toString() {
        return "DsseSignature[keyid=" + Require.printable(keyId) + ", sig=" + Base64.getEncoder().encodeToString(sig) + "]";
    }
}
