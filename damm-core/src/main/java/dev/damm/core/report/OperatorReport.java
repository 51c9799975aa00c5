package dev.damm.core.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.damm.core.json.DammJson;
import dev.damm.core.loop.ControlLoop;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * What an operator reads to judge the fleet at one time. Every figure comes from the loop, the
 * store or a permeability artifact; a section with no data is an empty list, a rate with no data
 * is {@code null} in JSON (never a made-up 0 or 1).
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}; a field is renamed or removed only with a new version
 * @param generatedAt when the report was read
 * @param since start of the window catalog churn is counted over
 * @param paths every tracked path, best score first (paths without a score last)
 * @param vitalSigns the loop's three measures now
 * @param vitalHistory the same measures sampled over time, oldest first
 * @param weakestZones network zones, weakest first
 * @param incidents interference incidents, worst severity first
 * @param thinDiversity regions with gateways, served by fewer than {@value OperatorReportBuilder#MIN_PROVIDERS} providers
 * @param nextNode where to add the next node and why
 * @param transportCosts measured costs of each transport tier; empty until something measured them
 * @param permeability the permeability page's slices, weakest first
 * @param recommendations the permeability model's proposals, highest priority first
 */
@JsonPropertyOrder({"schemaVersion", "generatedAt", "since", "paths", "vitalSigns", "vitalHistory", "weakestZones",
        "incidents", "thinDiversity", "nextNode", "transportCosts", "permeability", "recommendations"})
public record OperatorReport(int schemaVersion, Instant generatedAt, Instant since, List<ReportPath> paths,
                             ReportVitalSigns vitalSigns, List<VitalSample> vitalHistory, List<ReportZone> weakestZones,
                             List<ReportIncident> incidents, List<ThinDiversity> thinDiversity, NodeRecommendation nextNode,
                             List<TransportCost> transportCosts, List<PermeabilitySlice> permeability,
                             List<ReportRecommendation> recommendations) {
    public static final int SCHEMA_VERSION = 1;
    /** Reports larger than this are refused when read. */
    public static final int MAX_JSON_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper WRITER = DammJson.strict().enable(SerializationFeature.INDENT_OUTPUT);

    public OperatorReport {
        if (schemaVersion != SCHEMA_VERSION) {
            throw DammException.invalid("schemaVersion", "must be " + SCHEMA_VERSION + ", was " + schemaVersion);
        }
        Require.nonNull("generatedAt", generatedAt);
        Require.nonNull("since", since);
        paths = List.copyOf(Require.nonNull("paths", paths));
        Require.nonNull("vitalSigns", vitalSigns);
        vitalHistory = List.copyOf(Require.nonNull("vitalHistory", vitalHistory));
        weakestZones = List.copyOf(Require.nonNull("weakestZones", weakestZones));
        incidents = List.copyOf(Require.nonNull("incidents", incidents));
        thinDiversity = List.copyOf(Require.nonNull("thinDiversity", thinDiversity));
        Require.nonNull("nextNode", nextNode);
        transportCosts = List.copyOf(Require.nonNull("transportCosts", transportCosts));
        permeability = List.copyOf(Require.nonNull("permeability", permeability));
        recommendations = List.copyOf(Require.nonNull("recommendations", recommendations));
    }

    /** Starts a report read from {@code loop}. */
    public static OperatorReportBuilder builder(ControlLoop loop) {
        return new OperatorReportBuilder(loop);
    }

    /** The report as pretty-printed JSON ending in a newline; the same report gives the same text. */
    public String toJson() {
        try {
            return WRITER.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new DammException(ErrorCode.INTERNAL, "report: could not be written as JSON", e);
        }
    }

    /**
     * Reads a report written by {@link #toJson()}.
     *
     * @throws DammException {@code MALFORMED_INPUT} for bad JSON or unknown fields, a field's own
     *     validation error for a value out of range, {@code PAYLOAD_TOO_LARGE} beyond {@link #MAX_JSON_BYTES}
     */
    public static OperatorReport fromJson(String json) {
        Require.nonNull("json", json);
        return DammJson.readBounded(json.getBytes(StandardCharsets.UTF_8), OperatorReport.class, MAX_JSON_BYTES);
    }

    /** The report as plain text, one section after the other (see {@link OperatorReportText}). */
    public String toText() {
        return OperatorReportText.render(this);
    }
}
