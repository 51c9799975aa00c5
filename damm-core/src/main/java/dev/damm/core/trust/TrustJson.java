package dev.damm.core.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.util.Base64;

/**
 * The strict JSON mapper of the trust package: unknown fields, duplicate keys, trailing tokens and
 * scalar coercions are errors, and times are ISO-8601 strings.
 */
final class TrustJson {
    static final ObjectMapper MAPPER = strictMapper();

    private TrustJson() {}

    /** Builds the strict mapper; also used as the template of the catalog package's mapper. */
    static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(new JavaTimeModule())
                .build();
        // Signed documents are small and flat: refuse deep nesting long before it costs stack.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxNumberLength(40)
                .build());
        return mapper;
    }

    static <T> T read(String field, byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw malformed(field, e);
        }
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new DammException(ErrorCode.INTERNAL, "json: could not serialise " + value.getClass().getSimpleName(), e);
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
