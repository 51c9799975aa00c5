package dev.damm.server.http;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem document: {@code type}, {@code title}, {@code status}, {@code detail}, plus
 * the extension members {@code code} (the stable {@link ErrorCode#code()}) and {@code field} (the
 * offending input, when one is known).
 *
 * <p>DAMM's messages start with the field they are about ({@code "publicKey: must be ..."}), so the
 * field is read from the message's prefix when it looks like a field path.
 */
public record Problem(int status, ErrorCode code, String field, String detail) {
    /** The media type of every error answer. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(DammException e) {
        return new Problem(e.errorCode().httpStatus(), e.errorCode(), fieldOf(e.getMessage()), e.getMessage());
    }

    public static Problem of(int status, ErrorCode code, String field, String detail) {
        return new Problem(status, code, field, detail);
    }

    /** The body, with {@code type} naming the code so clients can dispatch on either. */
    public Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "https://damm.dev/problems/" + code.code());
        m.put("title", code.code().replace('_', ' '));
        m.put("status", status);
        m.put("detail", detail == null ? code.code() : detail);
        m.put("code", code.code());
        if (field != null) {
            m.put("field", field);
        }
        return m;
    }

    static String fieldOf(String message) {
        if (message == null) {
            return null;
        }
        int colon = message.indexOf(':');
        if (colon <= 0 || colon > 128) {
            return null;
        }
        String f = message.substring(0, colon).strip();
        // A field path: identifiers, dots, brackets, '$'. Anything else is prose, not a field.
        return f.matches("[$A-Za-z0-9_.\\[\\]-]+") ? f : null;
    }
}
