package dev.damm.core.internal.permeability;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.List;

/**
 * Everything the permeability model concluded at one time: the zones, the incidents, one score
 * per zone-to-ingress slice and the ranked recommendations. Serialised by
 * {@link PermeabilityArtifact}; the schema is in {@code docs/permeability.md}.
 *
 * @param schemaVersion the artifact schema version, {@value #SCHEMA_VERSION}
 * @param generatedAt when the report was computed
 * @param zones registered zones, by id
 * @param incidents by severity (worst first), then confidence, then id
 * @param scores by zone, provider, region
 * @param recommendations by priority (highest first), then type, then target
 */
public record PermeabilityReport(int schemaVersion, Instant generatedAt, List<NetworkZone> zones,
                                 List<InterferenceIncident> incidents, List<PermeabilityScore> scores,
                                 List<PlacementRecommendation> recommendations) {
    public static final int SCHEMA_VERSION = 1;

    public PermeabilityReport {
        if (schemaVersion != SCHEMA_VERSION) {
            throw DammException.invalid("schemaVersion", "must be " + SCHEMA_VERSION + ", was " + schemaVersion);
        }
        Require.nonNull("generatedAt", generatedAt);
        zones = List.copyOf(Require.elements("zones", zones, 100_000));
        incidents = List.copyOf(Require.elements("incidents", incidents, 1_000_000));
        scores = List.copyOf(Require.elements("scores", scores, 1_000_000));
        recommendations = List.copyOf(Require.elements("recommendations", recommendations, 1_000_000));
    }
}
