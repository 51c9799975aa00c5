package dev.damm.core.trust;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
                // Registered last, so it wins over JavaTimeModule's lenient reader of epoch numbers.
                .addModule(new SimpleModule("strict-instant").addDeserializer(Instant.class, new StrictInstantDeserializer()))
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

    /** Reads an instant only from an ISO-8601 string such as {@code 2026-03-01T12:00:00Z}. */
    static final class StrictInstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        StrictInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "must be an ISO-8601 instant such as 2026-03-01T12:00:00Z");
            }
        }
    }
}
