package dev.damm.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place DAMM builds its Jackson {@link ObjectMapper}, and the bounded, error-mapping way
 * to read JSON that comes from outside.
 *
 * <h2>Policy</h2>
 * <ul>
 *   <li><b>Strict by default.</b> Anything parsed from outside (HTTP bodies, catalogs, admission
 *       records, files) is read with {@link #strict()}: an unknown property is an error
 *       ({@code FAIL_ON_UNKNOWN_PROPERTIES}), so a typo in a field name fails loudly instead of
 *       silently dropping the value. Also refused: {@code null} for a primitive, or a primitive
 *       record component left out ({@code FAIL_ON_NULL_FOR_PRIMITIVES}), a number where an enum is expected, a fraction
 *       where an integer is expected, strings coerced to numbers or booleans and numbers coerced
 *       to strings, duplicate keys in an object, and anything after the first value.</li>
 *   <li><b>Lenient only where documented.</b> {@link #lenient()} is the same mapper except that
 *       it ignores unknown properties. Use it only for documents whose format promises forward
 *       compatibility (e.g. a client reading a catalog written by a newer server) and say so at
 *       the call site.</li>
 *   <li><b>Time</b> ({@code java.time}, via jackson-datatype-jsr310) is written as ISO-8601
 *       strings: {@code "2024-06-01T12:00:00Z"}, {@code "PT30S"}; offsets are kept as given.</li>
 *   <li><b>{@code Optional}</b> (via jackson-datatype-jdk8) is written as its value, or {@code null}
 *       when empty; {@code null} or a missing field reads back as empty.</li>
 *   <li><b>{@code byte[]}</b> (hashes) is written as standard base64.</li>
 *   <li><b>SPI values</b> are plain strings through {@link DammJsonModule}; private keys are never
 *       written or read.</li>
 *   <li><b>Signed documents</b> (catalogs, trust roots, DSSE envelopes, key files) are read with
 *       {@link #signedDocuments()}: {@link #strict()}, but an {@code Instant} only from its one
 *       signed spelling ({@code 2026-03-01T12:00:00Z}: UTC, upper-case {@code Z}, four-digit year,
 *       no offset, no leap second, a fraction only when non-zero), never from an epoch number, and
 *       with the tighter limits below.</li>
 *   <li><b>Limits</b>: every mapper parses with {@link StreamReadConstraints} (nesting depth
 *       {@value #MAX_NESTING_DEPTH}, strings of at most {@value #MAX_STRING_LENGTH} characters,
 *       numbers of at most {@value #MAX_NUMBER_LENGTH} digits, property names of at most
 *       {@value #MAX_NAME_LENGTH} characters; for signed documents nesting depth
 *       {@value #MAX_SIGNED_NESTING_DEPTH} and numbers of at most
 *       {@value #MAX_SIGNED_NUMBER_LENGTH} digits). {@link #readBounded(byte[], Class, int)} also caps
 *       the whole document, checked before parsing starts.</li>
 *   <li><b>Errors</b> are {@link DammException}s: a validation failure thrown by a value's
 *       constructor or factory comes back as that exception (a record validates before Jackson
 *       looks for unknown properties, so a misspelt required field reports the missing field) ({@code INVALID_ARGUMENT}, naming the
 *       field); anything Jackson rejects is {@code MALFORMED_INPUT} with the JSON path of the
 *       field first, e.g. {@code "device.nmae: unknown property (known: name, region)"}; input over
 *       the limit is {@code PAYLOAD_TOO_LARGE}. Messages elide quoted input values so that a secret
 *       pasted into the wrong field is not echoed.</li>
 * </ul>
 *
 * <p>Mappers are thread-safe once built; build one per component and keep it.
 */
public final class DammJson {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_NESTING_DEPTH = 64;
    /**
     * Longest string value accepted, in characters. Large on purpose: a DSSE envelope carries its
     * whole signed payload as one base64 string.
     */
    public static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;
    /** Longest number accepted, in characters; longer ones only serve to burn CPU in BigDecimal. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Longest property name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 256;
    /**
     * Deepest nesting accepted in a signed document: they are small and flat, so deep nesting is
     * refused long before it costs stack.
     */
    public static final int MAX_SIGNED_NESTING_DEPTH = 32;
    /** Longest number accepted in a signed document, in characters. */
    public static final int MAX_SIGNED_NUMBER_LENGTH = 40;

    private static final ObjectMapper STRICT = strict();
    private static final ObjectMapper LENIENT = lenient();
    private static final ObjectMapper SIGNED = signedDocuments();

    private DammJson() {}

    /** Returns a new strict mapper (the policy above), with {@link DammJsonModule}, java.time and Optional support. */
    public static ObjectMapper strict() {
        return build(true, MAX_NESTING_DEPTH, MAX_NUMBER_LENGTH);
    }

    /** Returns a new mapper like {@link #strict()} that ignores unknown properties; see the policy above. */
    public static ObjectMapper lenient() {
        return build(false, MAX_NESTING_DEPTH, MAX_NUMBER_LENGTH);
    }

    /**
     * Returns a new mapper for signed documents (catalogs, trust roots, DSSE envelopes, key files):
     * {@link #strict()}, but an {@code Instant} is read only from the spelling
     * {@code DateTimeFormatter.ISO_INSTANT} writes, such as {@code "2026-03-01T12:00:00Z"} (UTC,
     * upper-case {@code Z}, four-digit year, no offset, no leap second, no zero fraction), never
     * from an epoch number, so a signed time has one spelling; and nesting and numbers are capped at {@value #MAX_SIGNED_NESTING_DEPTH} levels and
     * {@value #MAX_SIGNED_NUMBER_LENGTH} characters.
     */
    public static ObjectMapper signedDocuments() {
        return build(true, MAX_SIGNED_NESTING_DEPTH, MAX_SIGNED_NUMBER_LENGTH,
                new SimpleModule("damm-iso-instant").addDeserializer(Instant.class, new IsoInstantDeserializer()));
    }

    /** Builds a mapper; {@code extra} modules are registered last, so they win over the standard ones. */
    private static ObjectMapper build(boolean failOnUnknownProperties, int maxNestingDepth, int maxNumberLength, Module... extra) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(maxNumberLength)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(new DammJsonModule())
                .addModules(extra)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknownProperties)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(MapperFeature.BLOCK_UNSAFE_POLYMORPHIC_BASE_TYPES)
                .build();
        // ALLOW_COERCION_OF_SCALARS stops "5" -> 5; this stops 5 -> "5" and true -> "true".
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Reads {@code json} as a {@code type} with the strict mapper.
     *
     * @throws DammException {@code PAYLOAD_TOO_LARGE} when {@code json} is longer than
     *     {@code maxBytes} (nothing is parsed then), {@code MALFORMED_INPUT} when it is not a
     *     {@code type} (including a bare {@code null}), or the value's own
     *     {@code INVALID_ARGUMENT} when a field fails validation
     */
    public static <T> T readBounded(byte[] json, Class<T> type, int maxBytes) {
        return read(STRICT, json, type, maxBytes);
    }

    /**
     * As {@link #readBounded(byte[], Class, int)} with the {@link #signedDocuments()} mapper: the
     * reader of every signed payload (catalogs, roots, admission sets), so a signed time has one
     * spelling wherever it is read.
     */
    public static <T> T readSignedBounded(byte[] json, Class<T> type, int maxBytes) {
        return read(SIGNED, json, type, maxBytes);
    }

    /** As {@link #readBounded(byte[], Class, int)}, reading at most {@code maxBytes + 1} bytes from {@code in}. */
    public static <T> T readBounded(InputStream in, Class<T> type, int maxBytes) {
        return read(STRICT, readAtMost(in, maxBytes), type, maxBytes);
    }

    /**
     * As {@link #readBounded(byte[], Class, int)} but ignoring unknown properties; only for
     * documents whose format is documented as forward compatible.
     */
    public static <T> T readBoundedLenient(byte[] json, Class<T> type, int maxBytes) {
        return read(LENIENT, json, type, maxBytes);
    }

    /** As {@link #readBoundedLenient(byte[], Class, int)}, reading at most {@code maxBytes + 1} bytes from {@code in}. */
    public static <T> T readBoundedLenient(InputStream in, Class<T> type, int maxBytes) {
        return read(LENIENT, readAtMost(in, maxBytes), type, maxBytes);
    }

    /**
     * Writes {@code value} as UTF-8 JSON with the strict mapper's settings.
     *
     * @throws DammException {@code PRIVATE_KEY_REFUSED} when {@code value} holds a private key
     */
    public static byte[] write(Object value) {
        try {
            return STRICT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            DammException cause = dammCause(e);
            if (cause != null) {
                throw cause;
            }
            throw new DammException(ErrorCode.INTERNAL, "json: cannot write a " + typeName(value) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** As {@link #write(Object)}, as a string. */
    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] readAtMost(InputStream in, int maxBytes) {
        Require.nonNull("in", in);
        checkLimit(maxBytes);
        try {
            // One byte past the limit is enough to know the document is too large.
            byte[] json = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
            if (json.length > maxBytes) {
                throw new DammException(ErrorCode.PAYLOAD_TOO_LARGE, "json: must be at most " + maxBytes + " bytes, was more");
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("json: reading the input failed", e);
        }
    }

    private static void checkLimit(int maxBytes) {
        Require.range("maxBytes", maxBytes, 1, Integer.MAX_VALUE);
    }

    private static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type, int maxBytes) {
        Require.nonNull("json", json);
        Require.nonNull("type", type);
        checkLimit(maxBytes);
        if (json.length > maxBytes) {
            throw new DammException(ErrorCode.PAYLOAD_TOO_LARGE, "json: must be at most " + maxBytes + " bytes, was " + json.length);
        }
        T value;
        try {
            value = mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw toDammException(e);
        } catch (IOException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "$: cannot be read as JSON", e);
        }
        if (value == null) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "$: must be a " + type.getSimpleName() + ", was null");
        }
        return value;
    }

    /**
     * Maps a Jackson failure to the {@link DammException} DAMM reports: the original exception
     * when a value's validation failed, otherwise {@code MALFORMED_INPUT} naming the JSON path.
     * Public so that code handed a mapper (an HTTP framework, say) reports errors the same way.
     */
    public static DammException toDammException(JsonProcessingException e) {
        Require.nonNull("exception", e);
        DammException cause = dammCause(e);
        if (cause != null) {
            return cause;
        }
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        if (path.isEmpty() && e.getProcessor() instanceof JsonParser p) {
            path = DammJsonModule.path(p.getParsingContext());
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            problem = "unknown property" + known(u);
        } else {
            problem = elide(e.getOriginalMessage());
            JsonLocation at = e.getLocation();
            if (!(e instanceof JsonMappingException) && at != null && at.getLineNr() > 0) {
                problem = "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem;
            }
        }
        return new DammException(ErrorCode.MALFORMED_INPUT, (path.isEmpty() ? "$" : path) + ": " + problem, e);
    }

    private static DammException dammCause(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof DammException d) {
                return d;
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String known(UnrecognizedPropertyException u) {
        if (u.getKnownPropertyIds() == null || u.getKnownPropertyIds().isEmpty()) {
            return "";
        }
        List<String> names = u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.toList());
        String shown = names.stream().limit(20).collect(Collectors.joining(", "));
        return " (known: " + shown + (names.size() > 20 ? ", ..." : "") + ")";
    }

    /**
     * Keeps Jackson's explanation but drops the input it quotes: a double-quoted value, or a
     * single-quoted token longer than a character, could be a secret in the wrong field.
     */
    static String elide(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        String first = message.lines().findFirst().orElse("").strip()
                // Advice to reconfigure the mapper helps nobody who sent the document.
                .replaceAll("\\s*\\(set DeserializationConfig\\.DeserializationFeature\\.[A-Z_]+ to '(?:true|false)' to allow\\)", "");
        String elided = first.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"...\"").replaceAll("'[^']{2,}'", "'...'");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < elided.length() && i < 200; i++) {
            char c = elided.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
