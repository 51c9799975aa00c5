package dev.damm.core.trust;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
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
    // The payload is bytes[payloadOffset, payloadOffset + payloadLength): an envelope signed in place
    // keeps its payload inside the pre-authentication encoding that was signed, uncopied.
    private final byte[] bytes;
    private final int payloadOffset;
    private final int payloadLength;
    private final List<DsseSignature> signatures;
    // The JSON form when the signer wrote it already (big payloads); null otherwise.
    private final byte[] json;

    /** Creates an envelope; the payload is copied. An envelope may be unsigned while a ceremony collects signatures. */
    public DsseEnvelope(String payloadType, byte[] payload, List<DsseSignature> signatures) {
        this(Require.text("payloadType", payloadType, MAX_PAYLOAD_TYPE_LENGTH),
                List.copyOf(Require.elements("signatures", signatures, MAX_SIGNATURES)),
                Require.nonNull("payload", payload).clone());
    }

    /** Takes ownership of {@code payload} without copying; callers pass arrays nobody else holds. */
    private DsseEnvelope(String payloadType, List<DsseSignature> signatures, byte[] payload) {
        this(payloadType, signatures, payload, 0, payload.length, null);
    }

    /** Takes ownership of {@code bytes} and {@code json}; callers pass arrays nobody else holds or changes. */
    DsseEnvelope(String payloadType, List<DsseSignature> signatures, byte[] bytes, int payloadOffset, int payloadLength, byte[] json) {
        this.payloadType = payloadType;
        this.signatures = signatures;
        this.bytes = bytes;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.json = json;
    }

    /**
     * Parses the JSON form with Jackson's streaming parser, so bounds hold before work: the
     * signatures are counted as they are read and the parse stops at the first one past
     * {@value #MAX_SIGNATURES}, never materialising the rest (an envelope of millions of
     * signatures costs no more than one of 65). Unknown and repeated properties, and anything
     * after the object, are refused. The caller bounds the input's size before calling.
     *
     * @throws DammException with {@link ErrorCode#MALFORMED_INPUT} when it is not a well-formed
     *     envelope with 1 to {@value #MAX_SIGNATURES} signatures
     */
    public static DsseEnvelope parse(byte[] json) {
        Require.nonNull("envelope", json);
        try (JsonParser p = TrustJson.MAPPER.getFactory().createParser(json)) {
            return read(p);
        } catch (IOException e) {
            throw TrustJson.malformed("envelope", e);
        }
    }

    private static DsseEnvelope read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw malformed("envelope", "must be a JSON object");
        }
        String type = null;
        String payload = null;
        List<DsseSignature> sigs = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "payloadType" -> type = string(p, value, "envelope.payloadType");
                case "payload" -> payload = string(p, value, "envelope.payload");
                case "signatures" -> sigs = signatures(p, value);
                default -> throw malformed("envelope", "unknown property '" + Require.printable(name) + "' (known: payload, payloadType, signatures)");
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw malformed("envelope", "must be exactly one JSON object");
        }
        if (type == null || type.isEmpty() || type.length() > MAX_PAYLOAD_TYPE_LENGTH) {
            throw malformed("envelope.payloadType", "must be 1 to " + MAX_PAYLOAD_TYPE_LENGTH + " characters");
        }
        byte[] body = TrustJson.base64("envelope.payload", payload);
        if (sigs == null || sigs.isEmpty()) {
            throw malformed("envelope.signatures", "must hold at least one signature");
        }
        return new DsseEnvelope(type, List.copyOf(sigs), body);
    }

    private static String string(JsonParser p, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw malformed(field, "must be a string");
        }
        return p.getText();
    }

    private static List<DsseSignature> signatures(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            throw malformed("envelope.signatures", "must be an array");
        }
        List<DsseSignature> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NULL) {
                throw malformed("envelope.signatures", "must not contain null");
            }
            if (t != JsonToken.START_OBJECT) {
                throw malformed("envelope.signatures", "must hold objects");
            }
            if (out.size() == MAX_SIGNATURES) {
                throw malformed("envelope.signatures", "must hold at most " + MAX_SIGNATURES + " signatures, held more");
            }
            String keyid = null;
            String sig = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "keyid" -> keyid = string(p, v, "envelope.signatures.keyid");
                    case "sig" -> sig = string(p, v, "envelope.signatures.sig");
                    default -> throw malformed("envelope.signatures", "unknown property '" + Require.printable(name) + "' (known: keyid, sig)");
                }
            }
            byte[] raw = TrustJson.base64("envelope.signatures.sig", sig);
            try {
                out.add(new DsseSignature(keyid, raw));
            } catch (DammException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "envelope." + e.getMessage());
            }
        }
        return out;
    }

    private static DammException malformed(String field, String problem) {
        return new DammException(ErrorCode.MALFORMED_INPUT, field + ": " + problem);
    }

    /**
     * Returns the JSON form: payload type, payload, signatures, in that order, without whitespace.
     * A new array each call; for big envelopes prefer {@link #writeTo(OutputStream)}.
     */
    public byte[] toJson() {
        return json != null ? json.clone() : buildJson();
    }

    /** Writes the JSON form of {@link #toJson()} to {@code out} without copying it first. */
    public void writeTo(OutputStream out) throws IOException {
        Require.nonNull("out", out);
        out.write(json != null ? json : buildJson());
    }

    /** Returns the length in bytes of the JSON form. */
    public int jsonLength() {
        return json != null ? json.length : buildJson().length;
    }

    private byte[] buildJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payloadLength / 3 * 4 + 256 + 200 * signatures.size());
        try (JsonGenerator g = TrustJson.MAPPER.getFactory().createGenerator(out)) {
            writeJson(g, payloadType, signatures, this);
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "envelope: could not write JSON", e);
        }
        return out.toByteArray();
    }

    private static void writeJson(JsonGenerator g, String payloadType, List<DsseSignature> signatures, DsseEnvelope payload) throws IOException {
        g.writeStartObject();
        g.writeStringField("payloadType", payloadType);
        g.writeFieldName("payload");
        g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, payload.bytes, payload.payloadOffset, payload.payloadLength);
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
    }

    /**
     * Returns the JSON form around the payload's base64: {@code [0]} ends with the payload string's
     * opening quote, {@code [1]} starts with its closing quote. Base64 needs no JSON escaping, so
     * prefix + base64 + suffix is exactly what {@link #toJson()} writes.
     */
    static byte[][] jsonAroundPayload(String payloadType, List<DsseSignature> signatures) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 200 * signatures.size());
        int afterPayload;
        try (JsonGenerator g = TrustJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("payloadType", payloadType);
            g.writeFieldName("payload");
            g.writeString("");
            g.flush();
            afterPayload = out.size();
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
        byte[] all = out.toByteArray();
        if (all[afterPayload - 2] != '"' || all[afterPayload - 1] != '"') {
            throw new DammException(ErrorCode.INTERNAL, "envelope: unexpected JSON around the payload");
        }
        return new byte[][] {Arrays.copyOfRange(all, 0, afterPayload - 1), Arrays.copyOfRange(all, afterPayload - 1, all.length)};
    }

    /** Returns the payload type, e.g. {@code application/vnd.damm.catalog+json}. */
    public String payloadType() {
        return payloadType;
    }

    /** Returns a copy of the exact payload bytes that were signed. */
    public byte[] payload() {
        return Arrays.copyOfRange(bytes, payloadOffset, payloadOffset + payloadLength);
    }

    /** Returns the payload's length in bytes. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The payload without a copy when it fills its array (parsed envelopes); callers must not change it. */
    byte[] payloadUnsafe() {
        return payloadOffset == 0 && payloadLength == bytes.length ? bytes : payload();
    }

    /** Returns the signatures in envelope order. */
    public List<DsseSignature> signatures() {
        return signatures;
    }

    /** Returns the bytes every signature covers: {@code PAE(payloadType, payload)}. */
    public byte[] pae() {
        return Dsse.pae(payloadType, payloadUnsafe());
    }

    /** Returns a copy of this envelope with {@code more} signatures appended. */
    public DsseEnvelope withSignatures(List<DsseSignature> more) {
        Require.elements("signatures", more, MAX_SIGNATURES);
        List<DsseSignature> all = new ArrayList<>(signatures);
        all.addAll(more);
        if (all.size() > MAX_SIGNATURES) {
            throw DammException.invalid("signatures", "must hold at most " + MAX_SIGNATURES + " signatures, would hold " + all.size());
        }
        return new DsseEnvelope(payloadType, List.copyOf(all), bytes, payloadOffset, payloadLength, null);
    }

    @Override
    public String toString() {
        return "DsseEnvelope[payloadType=" + Require.printable(payloadType) + ", payload=" + payloadLength + " bytes, signatures=" + signatures.size() + "]";
    }

}
