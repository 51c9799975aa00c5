package dev.damm.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.loop.VitalSigns;
import dev.damm.core.score.SubjectKind;
import dev.damm.spi.DammException;
import dev.damm.spi.net.RegionCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VitalSignsHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final CatalogScope EU = CatalogScope.of("eu-central", "standard");
    private static final CatalogScope US = CatalogScope.of("us-east", "standard");

    @Test
    void aSamplePoolsRegionsSumsScopesAndKeepsTheSlowestDemotion() {
        VitalSigns signs = new VitalSigns(T0, T0.plusSeconds(600),
                List.of(new VitalSigns.Churn(EU, 5, 3), new VitalSigns.Churn(US, 2, 1)),
                List.of(new VitalSigns.Success(RegionCode.of("eu-central"), 10, 9, 4, 1),
                        new VitalSigns.Success(RegionCode.of("us-east"), 30, 11, 0, 0)),
                List.of(new VitalSigns.Demotion(SubjectKind.FRONT_DOOR, "a", T0, EU, 3, T0.plusSeconds(40)),
                        new VitalSigns.Demotion(SubjectKind.GATEWAY, "b", T0, US, 4, T0.plusSeconds(75))));
        VitalSample s = VitalSignsHistory.sample(signs);
        assertEquals(T0.plusSeconds(600), s.at());
        assertEquals(4, s.contentChanges());
        assertEquals(20.0 / 40, s.probeSuccess(), 1e-12, "pooled over probes, not averaged over regions");
        assertEquals(1.0 / 4, s.clientSuccess(), 1e-12);
        assertEquals(75_000L, s.demotionMillis());

        VitalSample empty = VitalSignsHistory.sample(new VitalSigns(T0, T0, List.of(), List.of(), List.of()));
        assertNull(empty.probeSuccess());
        assertNull(empty.clientSuccess());
        assertNull(empty.demotionMillis());
    }

    @Test
    void theHistoryKeepsTheMostRecentSamplesOldestFirst() {
        VitalSignsHistory h = new VitalSignsHistory(3);
        for (int i = 0; i < 5; i++) {
            h.record(new VitalSigns(T0, T0.plusSeconds(i), List.of(), List.of(), List.of()));
        }
        assertEquals(List.of(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4)), h.samples().stream().map(VitalSample::at).toList());
        assertThrows(DammException.class, () -> new VitalSignsHistory(0));
    }
}
