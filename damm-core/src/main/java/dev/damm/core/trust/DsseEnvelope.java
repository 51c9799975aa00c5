package dev.damm.core.trust;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A DSSE envelope: a payload type, the exact payload bytes and the signatures over their
 * pre-authentication encoding ({@link Dsse#pae}).
 *
 * <p>JSON form: {@code {"payloadType": "...", "payload": "<base64>", "signatures": [{"keyid":
 * "...", "sig": "<base64>"}]}}. Immutable and thread-safe.
 */
public final class DsseEnvelope {
    /** Most signatures one envelope may carry. */
    public static final int MAX_SIGNATURES = 64;
    /** Longest payload type accepted. */
    public static final int MAX_PAYLOAD_TYPE_LENGTH = 256;

    private final String payloadType;
    private final byte[] payload;
    private final List<DsseSignature> signatures;

    /** Creates an envelope; the payload is copied. An envelope may be unsigned while a ceremony collects signatures. */
    public DsseEnvelope(String payloadType, byte[] payload, List<DsseSignature> signatures) {
        this(Require.text("payloadType", payloadType, MAX_PAYLOAD_TYPE_LENGTH),
                List.copyOf(Require.elements("signatures", signatures, MAX_SIGNATURES)),
                Require.nonNull("payload", payload).clone());
    }

    /** Takes ownership of {@code payload} without copying; callers pass arrays nobody else holds. */
    private DsseEnvelope(String payloadType, List<DsseSignature> signatures, byte[] payload) {
        this.payloadType = payloadType;
        this.payload = payload;
        this.signatures = signatures;
    }

    /**
     * Parses the JSON form.
     *
     * @throws DammException with {@link ErrorCode#MALFORMED_INPUT} when it is not a well-formed
     *     envelope with at least one signature
     */
    public static DsseEnvelope parse(byte[] json) {
        Require.nonNull("envelope", json);
        EnvelopeJson dto = TrustJson.read("envelope", json, EnvelopeJson.class);
        if (dto == null) {
            throw malformed("envelope", "must be a JSON object");
        }
        String type = dto.payloadType();
        if (type == null || type.isEmpty() || type.length() > MAX_PAYLOAD_TYPE_LENGTH) {
            throw malformed("envelope.payloadType", "must be 1 to " + MAX_PAYLOAD_TYPE_LENGTH + " characters");
        }
        byte[] body = TrustJson.base64("envelope.payload", dto.payload());
        List<SignatureJson> sigs = dto.signatures();
        if (sigs == null || sigs.isEmpty()) {
            throw malformed("envelope.signatures", "must hold at least one signature");
        }
        if (sigs.size() > MAX_SIGNATURES) {
            throw malformed("envelope.signatures", "must hold at most " + MAX_SIGNATURES + " signatures, held " + sigs.size());
        }
        List<DsseSignature> out = new ArrayList<>(sigs.size());
        for (SignatureJson s : sigs) {
            if (s == null) {
                throw malformed("envelope.signatures", "must not contain null");
            }
            byte[] sig = TrustJson.base64("envelope.signatures.sig", s.sig());
            try {
                out.add(new DsseSignature(s.keyid(), sig));
            } catch (DammException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "envelope." + e.getMessage());
            }
        }
        return new DsseEnvelope(type, List.copyOf(out), body);
    }

    private static DammException malformed(String field, String problem) {
        return new DammException(ErrorCode.MALFORMED_INPUT, field + ": " + problem);
    }

    /** Returns the JSON form: payload type, payload, signatures, in that order, without whitespace. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 4 / 3 + 256 + 200 * signatures.size());
        try (JsonGenerator g = TrustJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("payloadType", payloadType);
            g.writeFieldName("payload");
            g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, payload, 0, payload.length);
            g.writeArrayFieldStart("signatures");
            for (DsseSignature s : signatures) {
                g.writeStartObject();
                g.writeStringField("keyid", s.keyId());
                g.writeFieldName("sig");
                g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, s.sigUnsafe(), 0, s.sigUnsafe().length);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "envelope: could not write JSON", e);
        }
        return out.toByteArray();
    }

    /** Returns the payload type, e.g. {@code application/vnd.damm.catalog+json}. */
    public String payloadType() {
        return payloadType;
    }

    /** Returns a copy of the exact payload bytes that were signed. */
    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    /** Returns the signatures in envelope order. */
    public List<DsseSignature> signatures() {
        return signatures;
    }

    /** Returns the bytes every signature covers: {@code PAE(payloadType, payload)}. */
    public byte[] pae() {
        return Dsse.pae(payloadType, payload);
    }

    /** Returns a copy of this envelope with {@code more} signatures appended. */
    public DsseEnvelope withSignatures(List<DsseSignature> more) {
        Require.elements("signatures", more, MAX_SIGNATURES);
        List<DsseSignature> all = new ArrayList<>(signatures);
        all.addAll(more);
        if (all.size() > MAX_SIGNATURES) {
            throw DammException.invalid("signatures", "must hold at most " + MAX_SIGNATURES + " signatures, would hold " + all.size());
        }
        return new DsseEnvelope(payloadType, List.copyOf(all), payload);
    }

    @Override
    public String toString() {
        return "DsseEnvelope[payloadType=" + Require.printable(payloadType) + ", payload=" + payload.length + " bytes, signatures=" + signatures.size() + "]";
    }

    record EnvelopeJson(String payloadType, String payload, List<SignatureJson> signatures) {}

    record SignatureJson(String keyid, String sig) {}
}
