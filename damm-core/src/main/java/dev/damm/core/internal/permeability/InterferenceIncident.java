package dev.damm.core.internal.permeability;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.List;

/**
 * The operator-facing record of one disruption, normalised from path observations.
 *
 * @param id stable id derived from class, zone and provider, so the same disruption keeps its id
 *     from one report to the next
 * @param zoneId the affected zone, or {@code *} when the incident spans every observing zone
 * @param severity how much it hurts, from the size of the failure
 * @param incidentClass the pattern it matched; {@code class} in JSON
 * @param summary one sentence for the operator
 * @param firstSeenAt the oldest observation in its evidence
 * @param lastSeenAt the newest observation in its evidence
 * @param confidence 0..1, from the decayed amount and agreement of the evidence
 * @param affectedProviders providers involved, sorted
 * @param affectedFrontdoors front doors involved, sorted
 */
public record InterferenceIncident(
        String id,
        String zoneId,
        Severity severity,
        @JsonProperty("class") IncidentClass incidentClass,
        String summary,
        Instant firstSeenAt,
        Instant lastSeenAt,
        double confidence,
        List<String> affectedProviders,
        List<String> affectedFrontdoors) {
    public InterferenceIncident {
        Require.text("id", id, 200);
        if (!Ids.ALL_ZONES.equals(zoneId)) {
            Ids.require("zoneId", zoneId);
        }
        Require.nonNull("severity", severity);
        Require.nonNull("class", incidentClass);
        Require.text("summary", summary, 1000);
        Require.nonNull("firstSeenAt", firstSeenAt);
        Require.nonNull("lastSeenAt", lastSeenAt);
        if (lastSeenAt.isBefore(firstSeenAt)) {
            throw DammException.invalid("lastSeenAt", "must not be before firstSeenAt (" + firstSeenAt + "), was " + lastSeenAt);
        }
        Require.range("confidence", confidence, 0.0, 1.0);
        affectedProviders = Ids.requireAll("affectedProviders", affectedProviders);
        affectedFrontdoors = Ids.requireAll("affectedFrontdoors", affectedFrontdoors);
    }
}
