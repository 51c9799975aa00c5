package dev.damm.core.report;

import dev.damm.spi.Require;
import java.time.Instant;
import java.util.List;

/** An interference incident; {@code incidentClass} is e.g. {@code selective_ingress_blocking}. */
public record ReportIncident(String id, String zoneId, String severity, String incidentClass, String summary,
                             double confidence, Instant firstSeenAt, Instant lastSeenAt, List<String> providers,
                             List<String> frontDoors) {
    public ReportIncident {
        Require.nonNull("id", id);
        Require.nonNull("zoneId", zoneId);
        Require.nonNull("severity", severity);
        Require.nonNull("incidentClass", incidentClass);
        Require.nonNull("summary", summary);
        Require.nonNull("firstSeenAt", firstSeenAt);
        Require.nonNull("lastSeenAt", lastSeenAt);
        providers = List.copyOf(Require.nonNull("providers", providers));
        frontDoors = List.copyOf(Require.nonNull("frontDoors", frontDoors));
    }
}
