package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
