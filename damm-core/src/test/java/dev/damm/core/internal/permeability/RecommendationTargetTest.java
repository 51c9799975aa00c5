package dev.damm.core.internal.permeability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.internal.permeability.RecommendationTarget.Egress;
import dev.damm.core.internal.permeability.RecommendationTarget.Fleet;
import dev.damm.core.internal.permeability.RecommendationTarget.Frontdoor;
import dev.damm.core.internal.permeability.RecommendationTarget.Ingress;
import dev.damm.core.internal.permeability.RecommendationTarget.NewIngress;
import dev.damm.core.internal.permeability.RecommendationTarget.WholeProvider;
import dev.damm.core.internal.permeability.RecommendationTarget.Zone;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.RegionCode;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RecommendationTargetTest {
    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcXYZ019._:-").ofMinLength(1).ofMaxLength(64)
                .edgeCases(c -> c.add("a", "new", "ingress:x", "zone:z", "fleet"));
    }

    @Provide
    Arbitrary<RegionCode> regions() {
        Arbitrary<String> inner = Arbitraries.strings().withChars("az09").ofMinLength(1).ofMaxLength(6);
        return inner.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("-", parts))
                .filter(s -> s.length() >= 2 && s.length() <= 32).map(RegionCode::of);
    }

    @Provide
    Arbitrary<RecommendationTarget> targets() {
        return Arbitraries.oneOf(
                Combinators.combine(ids().filter(p -> !p.equals("new")), regions()).as(Ingress::new),
                regions().map(NewIngress::new),
                regions().map(Egress::new),
                ids().map(Frontdoor::new),
                ids().map(WholeProvider::new),
                ids().map(Zone::new),
                Arbitraries.just(new Fleet()));
    }

    @Property(tries = 500)
    void everyTargetReadsBackAsTheSameTypedValue(@ForAll("targets") RecommendationTarget target) {
        assertEquals(target, RecommendationTarget.fromWire(target.wireName()));
    }

    @Property(tries = 100)
    void recommendationsInAnArtifactReadBackWithTheirTypedTargets(
            @ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("targets") RecommendationTarget> targets) {
        List<PlacementRecommendation> recs = targets.stream()
                .map(t -> new PlacementRecommendation(RecommendationType.INVESTIGATE, t, "because", 10, List.of()))
                .toList();
        PermeabilityReport report = new PermeabilityReport(PermeabilityReport.SCHEMA_VERSION,
                Instant.parse("2026-03-01T12:00:00Z"), List.of(), List.of(), List.of(), recs);
        String json = PermeabilityArtifact.toJson(report);
        PermeabilityReport back = PermeabilityArtifact.fromJson(json);
        assertEquals(report, back);
        assertEquals(targets, back.recommendations().stream().map(PlacementRecommendation::target).toList());
    }

    @Test
    void theWireFormsAreTheDocumentedStrings() {
        RegionCode eu = RegionCode.of("eu-west");
        assertEquals("ingress:hetzner@eu-west", new Ingress("hetzner", eu).wireName());
        assertEquals("ingress:new@eu-west", new NewIngress(eu).wireName());
        assertEquals("egress:eu-west", new Egress(eu).wireName());
        assertEquals("frontdoor:fd-1", new Frontdoor("fd-1").wireName());
        assertEquals("provider:vultr", new WholeProvider("vultr").wireName());
        assertEquals("zone:de-fixed-1", new Zone("de-fixed-1").wireName());
        assertEquals("fleet", new Fleet().wireName());
        String json = PermeabilityArtifact.toJson(new PermeabilityReport(PermeabilityReport.SCHEMA_VERSION,
                Instant.parse("2026-03-01T12:00:00Z"), List.of(), List.of(), List.of(),
                List.of(new PlacementRecommendation(RecommendationType.ADD_INGRESS, new Ingress("hetzner", eu), "r", 1,
                        List.of()))));
        assertTrue(json.contains("\"target\" : \"ingress:hetzner@eu-west\""), json);
    }

    @Test
    void anIngressAtAProviderCalledNewReadsBackAsANewProvider() {
        RegionCode eu = RegionCode.of("eu-west");
        assertEquals(new NewIngress(eu), RecommendationTarget.fromWire(new Ingress("new", eu).wireName()));
    }

    @Test
    void malformedTargetsFailWithTheFieldNamed() {
        assertField("target", "");
        assertField("target", "ingress:hetzner");
        assertField("target", "fleet:all");
        assertField("target", "gateway:gw-1");
        assertField("region", "ingress:hetzner@EU");
        assertField("region", "egress:");
        assertField("provider", "ingress:@eu-west");
        assertField("frontdoorId", "frontdoor:fd 1");
        assertField("zoneId", "zone:");
        assertField("provider", "provider:a/b");
    }

    @Test
    void aMalformedTargetInAnArtifactIsRefusedWithTheFieldNamed() {
        String json = PermeabilityArtifact.toJson(new PermeabilityReport(PermeabilityReport.SCHEMA_VERSION,
                Instant.parse("2026-03-01T12:00:00Z"), List.of(), List.of(), List.of(),
                List.of(new PlacementRecommendation(RecommendationType.HOLD, new Fleet(), "r", 1, List.of()))));
        DammException e = assertThrows(DammException.class,
                () -> PermeabilityArtifact.fromJson(json.replace("\"fleet\"", "\"everything\"")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("target:"), e.getMessage());
    }

    private static void assertField(String field, String wire) {
        DammException e = assertThrows(DammException.class, () -> RecommendationTarget.fromWire(wire), wire);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode(), wire);
        assertTrue(e.getMessage().startsWith(field + ":"), wire + " -> " + e.getMessage());
    }
}
