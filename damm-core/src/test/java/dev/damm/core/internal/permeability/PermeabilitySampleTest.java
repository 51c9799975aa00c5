package dev.damm.core.internal.permeability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps docs/permeability-sample.json and the schema in docs/permeability.md honest. */
class PermeabilitySampleTest {
    private static final String SCHEMA_MARKER = "<!-- permeability-schema -->";

    static Schema documentedSchema() throws IOException {
        String doc = Files.readString(RepositoryFiles.resolve(Path.of("docs", "permeability.md")), StandardCharsets.UTF_8);
        int marker = doc.indexOf(SCHEMA_MARKER);
        assertTrue(marker >= 0, "docs/permeability.md lost its schema marker");
        int start = doc.indexOf("```json", marker) + "```json".length();
        int end = doc.indexOf("```", start);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(doc.substring(start, end), InputFormat.JSON);
    }

    @Test
    void theCommittedSampleIsExactlyWhatTheGeneratorProduces() throws IOException {
        String committed = Files.readString(RepositoryFiles.resolve(PermeabilitySampleGenerator.SAMPLE), StandardCharsets.UTF_8);
        String generated = PermeabilityArtifact.toJson(PermeabilitySampleGenerator.generate());
        assertEquals(generated, committed, "regenerate docs/permeability-sample.json with PermeabilitySampleGenerator");
    }

    @Test
    void theSampleMatchesTheDocumentedSchema() throws IOException {
        String committed = Files.readString(RepositoryFiles.resolve(PermeabilitySampleGenerator.SAMPLE), StandardCharsets.UTF_8);
        List<Error> errors = documentedSchema().validate(committed, InputFormat.JSON);
        assertEquals(List.of(), errors.stream().map(Error::toString).collect(Collectors.toList()));
    }

    @Test
    void theSchemaRejectsWhatTheModelWouldNeverWrite() throws IOException {
        Schema schema = documentedSchema();
        String sample = PermeabilityArtifact.toJson(PermeabilitySampleGenerator.generate());
        assertTrue(!schema.validate(sample.replace("\"selective_ingress_blocking\"", "\"SelectiveBlocking\""),
                InputFormat.JSON).isEmpty());
        assertTrue(!schema.validate(sample.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"),
                InputFormat.JSON).isEmpty());
        assertTrue(!schema.validate(sample.replaceFirst("\"priority\" : \\d+", "\"priority\" : 101"),
                InputFormat.JSON).isEmpty());
    }

    @Test
    void theSampleShowsEveryIncidentClassStatusAndRecommendationType() {
        PermeabilityReport r = PermeabilitySampleGenerator.generate();
        assertEquals(EnumSet.allOf(IncidentClass.class),
                r.incidents().stream().map(InterferenceIncident::incidentClass).collect(Collectors.toSet()));
        assertEquals(EnumSet.allOf(PermeabilityStatus.class),
                r.scores().stream().map(PermeabilityScore::status).collect(Collectors.toSet()));
        assertEquals(EnumSet.allOf(RecommendationType.class),
                r.recommendations().stream().map(PlacementRecommendation::type).collect(Collectors.toSet()));
        // The lone three-sample failure from the new cohort raised nothing.
        Set<String> zonesWithIncidents = r.incidents().stream().map(InterferenceIncident::zoneId).collect(Collectors.toSet());
        assertTrue(!zonesWithIncidents.contains("br-saopaulo-fixed"));
    }
}
