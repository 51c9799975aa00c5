package dev.damm.core.report;

import dev.damm.spi.Require;
import java.time.Instant;
import java.util.List;

/**
 * The loop's three measures at {@code at}: catalog churn per scope, client-reported beside probe
 * success per region, and the time from each threshold crossing to the publication that told clients.
 */
public record ReportVitalSigns(Instant at, List<Churn> churn, List<Success> success, List<Demotion> demotions) {
    public ReportVitalSigns {
        Require.nonNull("at", at);
        churn = List.copyOf(Require.nonNull("churn", churn));
        success = List.copyOf(Require.nonNull("success", success));
        demotions = List.copyOf(Require.nonNull("demotions", demotions));
    }

    /** Publications of one scope in the window, and how many changed content. */
    public record Churn(String scope, int publications, int contentChanges) {
        public Churn {
            Require.nonNull("scope", scope);
        }
    }

    /** Raw counts of one region since the loop started; the shares are {@code null} without attempts. */
    public record Success(String region, long probes, long probesSucceeded, Double probeSuccess, long clientReports,
                          long clientReportsSucceeded, Double clientSuccess) {
        public Success {
            Require.nonNull("region", region);
        }
    }

    /** A subject that crossed its demote threshold and the publication that demoted it. */
    public record Demotion(String kind, String subjectId, String scope, Instant crossedAt, Instant publishedAt, long latencyMillis) {
        public Demotion {
            Require.nonNull("kind", kind);
            Require.nonNull("subjectId", subjectId);
            Require.nonNull("scope", scope);
            Require.nonNull("crossedAt", crossedAt);
            Require.nonNull("publishedAt", publishedAt);
        }
    }
}
