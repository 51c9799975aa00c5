package dev.damm.core.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.json.DammJson;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.util.Base64;

/**
 * JSON helpers of the trust package: reading with {@link DammJson#signedDocuments()} and DSSE's
 * base64, with errors that name the field.
 */
final class TrustJson {
    static final ObjectMapper MAPPER = DammJson.signedDocuments();

    private TrustJson() {}

    static <T> T read(String field, byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            // A value of the wrong shape (a time spelt otherwise, say): name the field it is in.
            DammException d = DammJson.toDammException(e);
            String m = d.getMessage();
            throw new DammException(ErrorCode.MALFORMED_INPUT, m.startsWith("$") ? field + m.substring(1) : field + "." + m);
        } catch (IOException e) {
            throw malformed(field, e);
        }
    }

    /** Wraps a parse failure without echoing more than a short, escaped piece of the input. */
    static DammException malformed(String field, IOException e) {
        String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getClass().getSimpleName();
        return new DammException(ErrorCode.MALFORMED_INPUT, field + ": is not valid JSON of the expected shape (" + Require.printable(detail) + ")");
    }

    /** Decodes standard or URL-safe base64, as DSSE allows both. */
    static byte[] base64(String field, String text) {
        if (text == null) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, field + ": must be present");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e2) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, field + ": is not valid base64");
            }
        }
    }
}
