package dev.damm.core.internal.permeability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins the report of every generated fleet: the digests were written by the analysis before its
 * slice lookups were grouped and its targets typed, so equal digests mean equal reports.
 */
class GeneratedFleetsTest {
    @Test
    void everyGeneratedFleetGivesTheReportItsDigestRecords() throws IOException {
        List<String> committed = Files.readAllLines(RepositoryFiles.resolve(GeneratedFleets.DIGESTS), StandardCharsets.UTF_8);
        assertEquals(GeneratedFleets.SEEDS, committed.size());
        List<String> now = GeneratedFleets.digests();
        for (int i = 0; i < committed.size(); i++) {
            assertEquals(committed.get(i), now.get(i), "report of seed " + i + " changed");
        }
    }

    @Test
    void theGeneratedFleetsShowEveryIncidentClassStatusAndRecommendationType() {
        Set<IncidentClass> classes = EnumSet.noneOf(IncidentClass.class);
        Set<PermeabilityStatus> statuses = EnumSet.noneOf(PermeabilityStatus.class);
        Set<RecommendationType> types = EnumSet.noneOf(RecommendationType.class);
        Set<RecommendationType> actions = EnumSet.noneOf(RecommendationType.class);
        for (PermeabilityReport r : GeneratedFleets.reports()) {
            r.incidents().forEach(i -> classes.add(i.incidentClass()));
            r.scores().forEach(s -> {
                statuses.add(s.status());
                actions.add(s.recommendedAction());
            });
            r.recommendations().forEach(x -> types.add(x.type()));
        }
        assertEquals(EnumSet.allOf(IncidentClass.class), classes);
        assertEquals(EnumSet.allOf(PermeabilityStatus.class), statuses);
        assertEquals(EnumSet.allOf(RecommendationType.class), types);
        assertEquals(EnumSet.of(RecommendationType.HOLD, RecommendationType.INVESTIGATE, RecommendationType.REWEIGHT,
                RecommendationType.ADD_INGRESS, RecommendationType.WITHDRAW_FRONTDOOR), actions);
    }
}
