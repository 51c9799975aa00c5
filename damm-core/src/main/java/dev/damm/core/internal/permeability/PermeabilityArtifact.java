package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.damm.core.json.DammJson;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;

/**
 * Reads and writes the permeability JSON artifact whose schema {@code docs/permeability.md}
 * documents. Writing is deterministic: the same report gives the same bytes.
 */
public final class PermeabilityArtifact {
    /** Artifacts larger than this are refused when read. */
    public static final int MAX_CHARS = 64 * 1024 * 1024;

    /** {@link DammJson#strict()}, pretty-printed, and every creator property must be present. */
    private static final ObjectMapper MAPPER = DammJson.strict()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private PermeabilityArtifact() {}

    /** The report as pretty-printed JSON ending in a newline. */
    public static String toJson(PermeabilityReport report) {
        Require.nonNull("report", report);
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new DammException(ErrorCode.INTERNAL, "report: could not be written as JSON", e);
        }
    }

    /**
     * Parses an artifact.
     *
     * @throws DammException {@code PAYLOAD_TOO_LARGE} beyond {@link #MAX_CHARS};
     *     {@code MALFORMED_INPUT} for bad JSON or unknown fields; the field's own validation
     *     error (e.g. {@code INVALID_ARGUMENT} naming the field) for a value out of range
     */
    public static PermeabilityReport fromJson(String json) {
        Require.nonNull("json", json);
        if (json.length() > MAX_CHARS) {
            throw new DammException(ErrorCode.PAYLOAD_TOO_LARGE, "json: must be at most " + MAX_CHARS + " characters, was " + json.length());
        }
        try {
            return MAPPER.readValue(json, PermeabilityReport.class);
        } catch (JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DammException) {
                    throw (DammException) t;
                }
            }
            throw new DammException(ErrorCode.MALFORMED_INPUT, "json: not a permeability report: " + e.getOriginalMessage());
        }
    }
}
