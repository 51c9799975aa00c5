package dev.damm.core.internal.permeability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.internal.permeability.Scenario.Reading;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import org.junit.jupiter.api.Test;

class PermeabilityArtifactTest {
    private final PermeabilityReport report = new Scenario()
            .bend("de-fixed-1", fd -> fd.provider().equals("beta"), Reading::failing)
            .report();

    @Test
    void aReportSurvivesTheRoundTripUnchanged() {
        String json = PermeabilityArtifact.toJson(report);
        assertEquals(report, PermeabilityArtifact.fromJson(json));
        assertEquals(json, PermeabilityArtifact.toJson(PermeabilityArtifact.fromJson(json)));
    }

    @Test
    void enumsAreLowerSnakeAndTheIncidentClassIsCalledClass() {
        String json = PermeabilityArtifact.toJson(report);
        assertTrue(json.contains("\"class\" : \"selective_ingress_blocking\""), json);
        assertTrue(json.contains("\"status\" : \"selectively_interfered\""));
        assertTrue(json.contains("\"type\" : \"add_ingress\""));
        assertTrue(json.contains("\"networkType\" : \"mobile\""));
        assertTrue(json.contains("\"generatedAt\" : \"2026-03-01T12:00:00Z\""));
        assertTrue(json.contains("\"ingressRegion\" : \"eu-west\""));
        assertTrue(json.contains("\"country\" : \"DE\""));
        assertTrue(!json.contains("incidentClass"));
    }

    @Test
    void unknownFieldsAndBrokenJsonAreMalformed() {
        String json = PermeabilityArtifact.toJson(report);
        DammException extra = assertThrows(DammException.class,
                () -> PermeabilityArtifact.fromJson(json.replaceFirst("\\{", "{ \"surprise\" : 1,")));
        assertEquals(ErrorCode.MALFORMED_INPUT, extra.errorCode());
        DammException broken = assertThrows(DammException.class, () -> PermeabilityArtifact.fromJson("{\"schemaVersion\":"));
        assertEquals(ErrorCode.MALFORMED_INPUT, broken.errorCode());
        assertTrue(broken.getMessage().startsWith("json:"));
    }

    @Test
    void outOfRangeValuesFailWithTheFieldsOwnError() {
        String json = PermeabilityArtifact.toJson(report);
        DammException e = assertThrows(DammException.class,
                () -> PermeabilityArtifact.fromJson(json.replaceFirst("\"permeabilityScore\" : [0-9.]+", "\"permeabilityScore\" : 1.5")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("permeabilityScore:"), e.getMessage());
        DammException cls = assertThrows(DammException.class,
                () -> PermeabilityArtifact.fromJson(json.replace("\"selective_ingress_blocking\"", "\"censorship\"")));
        assertTrue(cls.getMessage().startsWith("class:"), cls.getMessage());
    }
}
