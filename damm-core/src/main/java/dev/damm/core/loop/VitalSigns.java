package dev.damm.core.loop;

import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.score.SubjectKind;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The three measures that say whether the loop works, over a window ending at {@code at}:
 *
 * <ul>
 *   <li>{@link Churn}: how often each scope's published catalog changed content. A loop that
 *       re-signs identical content does not churn; one that flaps between rankings does.
 *   <li>{@link Success}: what clients report beside what probes see, per region. Probes passing
 *       while clients fail means the probes measure the wrong thing.
 *   <li>{@link Demotion}: for each front door, gateway or egress pool that crossed its demote
 *       threshold, the time until the first published catalog of its region no longer listed its
 *       paths as active: measured to publication, because that is when clients can learn of it.
 * </ul>
 *
 * @param since start of the window churn is counted over
 * @param at when the signs were read
 */
public record VitalSigns(Instant since, Instant at, List<Churn> churn, List<Success> success, List<Demotion> demotions) {
    public VitalSigns {
        Require.nonNull("since", since);
        Require.nonNull("at", at);
        churn = List.copyOf(Require.nonNull("churn", churn));
        success = List.copyOf(Require.nonNull("success", success));
        demotions = List.copyOf(Require.nonNull("demotions", demotions));
    }

    /** The churn of {@code scope}, if the loop published it. */
    public Optional<Churn> churn(CatalogScope scope) {
        return churn.stream().filter(c -> c.scope().equals(scope)).findFirst();
    }

    /** The success rates of {@code region}, if anything was observed there. */
    public Optional<Success> success(RegionCode region) {
        return success.stream().filter(s -> s.region().equals(region)).findFirst();
    }

    /**
     * Catalog churn of one scope in the window.
     *
     * @param publications every publication recorded in the window, re-signs included
     * @param contentChanges publications whose content differed from the one before (the scope's first counts)
     */
    public record Churn(CatalogScope scope, int publications, int contentChanges) {
        public Churn {
            Require.nonNull("scope", scope);
            Require.range("publications", publications, 0, Integer.MAX_VALUE);
            Require.range("contentChanges", contentChanges, 0, publications);
        }
    }

    /**
     * Raw (undecayed) success counts of one region's paths since the loop started: probes the
     * prober ran, and sessions clients reported.
     */
    public record Success(RegionCode region, long probes, long probesSucceeded, long clientReports, long clientReportsSucceeded) {
        public Success {
            Require.nonNull("region", region);
            Require.range("probesSucceeded", probesSucceeded, 0, probes);
            Require.range("clientReportsSucceeded", clientReportsSucceeded, 0, clientReports);
        }

        /** Share of probes that connected; empty without probes. */
        public OptionalDouble probeSuccess() {
            return probes == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) probesSucceeded / probes);
        }

        /** Share of client sessions reported working; empty without reports. */
        public OptionalDouble clientSuccess() {
            return clientReports == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) clientReportsSucceeded / clientReports);
        }
    }

    /**
     * A subject that crossed its demote threshold at {@code crossedAt} and the first publication of
     * its region's catalog that demoted or dropped every path through it.
     */
    public record Demotion(SubjectKind kind, String subjectId, Instant crossedAt, CatalogScope scope, long serial, Instant publishedAt) {
        public Demotion {
            Require.nonNull("kind", kind);
            Require.nonNull("subjectId", subjectId);
            Require.nonNull("crossedAt", crossedAt);
            Require.nonNull("scope", scope);
            Require.nonNull("publishedAt", publishedAt);
        }

        /** Time from the crossing to the publication that told clients. */
        public Duration latency() {
            return Duration.between(crossedAt, publishedAt);
        }
    }
}
