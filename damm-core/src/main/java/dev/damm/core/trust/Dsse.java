package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.nio.charset.StandardCharsets;

/**
 * DSSE (Dead Simple Signing Envelope) helpers: the pre-authentication encoding that every
 * signature covers.
 *
 * <p>{@code PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, where LEN is
 * the byte length in ASCII decimal. Signing PAE rather than the body binds the payload type
 * and the exact payload bytes without any canonical JSON.
 */
public final class Dsse {
    private static final byte[] PREFIX = "DSSEv1 ".getBytes(StandardCharsets.US_ASCII);

    private Dsse() {}

    /**
     * Returns what PAE puts in front of a payload of {@code payloadLength} bytes:
     * {@code "DSSEv1 <len(type)> <type> <payloadLength> "}.
     */
    public static byte[] paeHeader(String payloadType, int payloadLength) {
        Require.nonNull("payloadType", payloadType);
        if (payloadLength < 0) {
            throw DammException.invalid("payloadLength", "must not be negative, was " + payloadLength);
        }
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        return ("DSSEv1 " + type.length + " " + payloadType + " " + payloadLength + " ").getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the pre-authentication encoding of {@code payload} under {@code payloadType}. */
    public static byte[] pae(String payloadType, byte[] payload) {
        Require.nonNull("payloadType", payloadType);
        Require.nonNull("payload", payload);
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] typeLen = Integer.toString(type.length).getBytes(StandardCharsets.US_ASCII);
        byte[] bodyLen = Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[PREFIX.length + typeLen.length + 1 + type.length + 1 + bodyLen.length + 1 + payload.length];
        int p = 0;
        System.arraycopy(PREFIX, 0, out, p, PREFIX.length);
        p += PREFIX.length;
        System.arraycopy(typeLen, 0, out, p, typeLen.length);
        p += typeLen.length;
        out[p++] = ' ';
        System.arraycopy(type, 0, out, p, type.length);
        p += type.length;
        out[p++] = ' ';
        System.arraycopy(bodyLen, 0, out, p, bodyLen.length);
        p += bodyLen.length;
        out[p++] = ' ';
        System.arraycopy(payload, 0, out, p, payload.length);
        return out;
    }
}
