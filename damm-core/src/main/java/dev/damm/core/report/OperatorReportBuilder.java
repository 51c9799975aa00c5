package dev.damm.core.report;

import dev.damm.core.internal.permeability.InterferenceIncident;
import dev.damm.core.internal.permeability.NetworkZone;
import dev.damm.core.internal.permeability.PermeabilityArtifact;
import dev.damm.core.internal.permeability.PermeabilityReport;
import dev.damm.core.internal.permeability.PermeabilityScore;
import dev.damm.core.internal.permeability.PlacementRecommendation;
import dev.damm.core.internal.permeability.RecommendationType;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.loop.VitalSigns;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.Score;
import dev.damm.core.score.ScoreBreakdown;
import dev.damm.core.score.ScoreSource;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads an {@link OperatorReport} from a control loop, its store and, when given, a permeability
 * artifact (the JSON the permeability model publishes). Without an artifact the zone, incident,
 * permeability and recommendation sections are empty.
 */
public final class OperatorReportBuilder {
    /** A region served by fewer providers than this, at its ingress or its egress, has thin diversity. */
    public static final int MIN_PROVIDERS = 2;
    /**
     * Priority of a node recommended for a diversity gap alone: mid-range, so that a confident
     * interference incident (which scores up to 100) comes first.
     */
    static final int DIVERSITY_PRIORITY = 50;

    private final ControlLoop loop;
    private Instant since = Instant.EPOCH;
    private VitalSignsHistory history;
    private PermeabilityReport permeability;
    private final List<TransportCost> costs = new ArrayList<>();

    OperatorReportBuilder(ControlLoop loop) {
        this.loop = Require.nonNull("loop", loop);
    }

    /** Start of the window catalog churn is counted over (default: every recorded publication). */
    public OperatorReportBuilder since(Instant v) { this.since = Require.nonNull("since", v); return this; }

    /** The samples to plot the vital signs over time from (default: none). */
    public OperatorReportBuilder history(VitalSignsHistory v) { this.history = Require.nonNull("history", v); return this; }

    /**
     * The permeability artifact to report zones, incidents and recommendations from.
     *
     * @throws dev.damm.spi.DammException as reading the artifact does: {@code MALFORMED_INPUT} for
     *     a document that is not one, the field's own error for a value out of range
     */
    public OperatorReportBuilder permeabilityArtifact(String json) {
        this.permeability = PermeabilityArtifact.fromJson(Require.nonNull("permeabilityArtifact", json));
        return this;
    }

    /** Adds one measured transport tier cost. */
    public OperatorReportBuilder transportCost(TransportCost v) { costs.add(Require.nonNull("transportCost", v)); return this; }

    public OperatorReport build() {
        VitalSigns signs = loop.vitalSigns(since);
        List<Gateway> gateways = loop.plane().store().inTransaction(tx -> tx.gateways().list());
        List<EgressPool> pools = loop.plane().store().inTransaction(tx -> tx.egressPools().list());
        List<ReportIncident> incidents = permeability == null ? List.of() : incidents(permeability);
        List<PermeabilitySlice> slices = permeability == null ? List.of() : slices(permeability);
        List<ReportRecommendation> recommendations = permeability == null ? List.of() : recommendations(permeability);
        List<ThinDiversity> thin = thinDiversity(gateways, pools);
        List<TransportCost> sortedCosts = new ArrayList<>(costs);
        sortedCosts.sort(Comparator.comparing(TransportCost::tier).thenComparing(TransportCost::transport)
                .thenComparing(TransportCost::measure).thenComparing(TransportCost::measuredAt));
        return new OperatorReport(OperatorReport.SCHEMA_VERSION, signs.at(), since, paths(gateways), vitalSigns(signs),
                history == null ? List.of() : history.samples(),
                permeability == null ? List.of() : zones(permeability), incidents, thin,
                nextNode(recommendations, thin), sortedCosts, slices, recommendations);
    }

    // ---- paths -----------------------------------------------------------------------------

    private List<ReportPath> paths(List<Gateway> gateways) {
        Map<String, String> names = new HashMap<>();
        gateways.forEach(g -> names.put(g.id().value(), g.name()));
        ScoreSource scores = loop.scores();
        List<ReportPath> out = new ArrayList<>();
        for (PathDescriptor d : loop.paths()) {
            Optional<Score> score = scores.pathScore(d.key());
            Optional<ScoreBreakdown> b = loop.breakdown(d.key());
            ScoreFactors factors = b.map(x -> new ScoreFactors(box(x.probeSuccessRate()), box(x.handshakeSuccessRate()),
                    box(x.clientSuccessRate()), box(x.throughputRatio()), box(x.latencyP50Millis()), box(x.latencyP99Millis()),
                    box(x.heartbeatFreshness()))).orElse(new ScoreFactors(null, null, null, null, null, null, null));
            String gw = d.key().gatewayId().value();
            out.add(new ReportPath(d.key().toString(), gw, names.getOrDefault(gw, gw), d.key().frontDoorId().value(),
                    d.key().egressPoolId().value(), d.providerId().value(), d.region().value(), d.transport().label(),
                    score.map(Score::value).orElse(null), score.map(Score::confidence).orElse(0.0),
                    scores.frontDoorState(d.key().frontDoorId()).map(s -> s.code()).orElse(null), factors));
        }
        // Best first; paths with no data yet after every scored one; ties by path id.
        out.sort(Comparator.comparing((ReportPath p) -> p.score() == null ? 1 : 0)
                .thenComparing(Comparator.comparingDouble((ReportPath p) -> p.score() == null ? 0 : p.score()).reversed())
                .thenComparing(ReportPath::pathId));
        return out;
    }

    private static Double box(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }

    // ---- vital signs -----------------------------------------------------------------------

    private static ReportVitalSigns vitalSigns(VitalSigns s) {
        List<ReportVitalSigns.Churn> churn = new ArrayList<>();
        s.churn().forEach(c -> churn.add(new ReportVitalSigns.Churn(c.scope().key(), c.publications(), c.contentChanges())));
        List<ReportVitalSigns.Success> success = new ArrayList<>();
        s.success().forEach(x -> success.add(new ReportVitalSigns.Success(x.region().value(), x.probes(), x.probesSucceeded(),
                box(x.probeSuccess()), x.clientReports(), x.clientReportsSucceeded(), box(x.clientSuccess()))));
        List<ReportVitalSigns.Demotion> demotions = new ArrayList<>();
        s.demotions().forEach(d -> demotions.add(new ReportVitalSigns.Demotion(d.kind().name().toLowerCase(java.util.Locale.ROOT),
                d.subjectId(), d.scope().key(), d.crossedAt(), d.publishedAt(), d.latency().toMillis())));
        return new ReportVitalSigns(s.at(), churn, success, demotions);
    }

    // ---- permeability ----------------------------------------------------------------------

    private static List<ReportZone> zones(PermeabilityReport r) {
        Map<String, List<PermeabilityScore>> byZone = new TreeMap<>();
        r.scores().forEach(s -> byZone.computeIfAbsent(s.zoneId(), z -> new ArrayList<>()).add(s));
        Map<String, Integer> incidents = new HashMap<>();
        r.incidents().forEach(i -> incidents.merge(i.zoneId(), 1, Integer::sum));
        List<ReportZone> out = new ArrayList<>();
        for (NetworkZone z : r.zones()) {
            List<PermeabilityScore> scores = byZone.get(z.id());
            if (scores == null) {
                continue; // nothing measured from it: neither weak nor strong
            }
            PermeabilityScore worst = scores.get(0);
            double sum = 0;
            long samples = 0;
            for (PermeabilityScore s : scores) {
                if (s.permeabilityScore() < worst.permeabilityScore()) {
                    worst = s;
                }
                sum += s.permeabilityScore();
                samples += s.sampleCount();
            }
            out.add(new ReportZone(z.id(), z.label(), z.country().value(), z.networkType().wireName(), worst.permeabilityScore(),
                    Math.round(sum / scores.size() * 10_000) / 10_000.0, worst.status().wireName(),
                    incidents.getOrDefault(z.id(), 0), samples));
        }
        out.sort(Comparator.comparingDouble(ReportZone::worstPermeability).thenComparingDouble(ReportZone::meanPermeability)
                .thenComparing(ReportZone::zoneId));
        return out;
    }

    private static List<ReportIncident> incidents(PermeabilityReport r) {
        List<ReportIncident> out = new ArrayList<>();
        for (InterferenceIncident i : r.incidents()) { // already worst severity first
            out.add(new ReportIncident(i.id(), i.zoneId(), i.severity().wireName(), i.incidentClass().wireName(), i.summary(),
                    i.confidence(), i.firstSeenAt(), i.lastSeenAt(), i.affectedProviders(), i.affectedFrontdoors()));
        }
        return out;
    }

    private static List<PermeabilitySlice> slices(PermeabilityReport r) {
        List<PermeabilitySlice> out = new ArrayList<>();
        for (PermeabilityScore s : r.scores()) {
            out.add(new PermeabilitySlice(s.zoneId(), s.provider(), s.ingressRegion().value(), s.permeabilityScore(),
                    s.stabilityScore(), s.replaceabilityScore(), s.status().wireName(), s.recommendedAction().wireName(),
                    s.confidence(), s.sampleCount()));
        }
        out.sort(Comparator.comparingDouble(PermeabilitySlice::permeability).thenComparing(PermeabilitySlice::zoneId)
                .thenComparing(PermeabilitySlice::provider).thenComparing(PermeabilitySlice::region));
        return out;
    }

    private static List<ReportRecommendation> recommendations(PermeabilityReport r) {
        List<ReportRecommendation> out = new ArrayList<>();
        for (PlacementRecommendation p : r.recommendations()) { // already highest priority first
            out.add(new ReportRecommendation(p.type().wireName(), p.target().wireName(), p.reason(), p.priority(), p.backingZoneIds()));
        }
        return out;
    }

    // ---- diversity and the next node -------------------------------------------------------

    private static List<ThinDiversity> thinDiversity(List<Gateway> gateways, List<EgressPool> pools) {
        Map<String, TreeSet<String>> ingress = new TreeMap<>();
        Map<String, TreeSet<String>> egress = new TreeMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (Gateway g : gateways) {
            if (g.status() == GatewayStatus.ACTIVE || g.status() == GatewayStatus.DRAINING) {
                ingress.computeIfAbsent(g.region().value(), r -> new TreeSet<>()).add(g.providerId().value());
                count.merge(g.region().value(), 1, Integer::sum);
            }
        }
        for (EgressPool p : pools) {
            if (p.enabled()) {
                egress.computeIfAbsent(p.region().value(), r -> new TreeSet<>()).add(p.providerId().value());
            }
        }
        // Only regions that gateways serve: a region with egress pools and no gateway serves nobody.
        TreeSet<String> regions = new TreeSet<>(ingress.keySet());
        List<ThinDiversity> out = new ArrayList<>();
        for (String region : regions) {
            TreeSet<String> in = ingress.getOrDefault(region, new TreeSet<>());
            TreeSet<String> out2 = egress.getOrDefault(region, new TreeSet<>());
            List<String> why = new ArrayList<>();
            if (in.size() < MIN_PROVIDERS) {
                why.add("every gateway is at " + in.first());
            }
            if (out2.size() < MIN_PROVIDERS) {
                why.add(out2.isEmpty() ? "no enabled egress pool" : "every egress pool is at " + out2.first());
            }
            if (!why.isEmpty()) {
                out.add(new ThinDiversity(region, new ArrayList<>(in), new ArrayList<>(out2), count.getOrDefault(region, 0),
                        String.join("; ", why) + ": one provider's outage or blocking takes " + region + " down"));
            }
        }
        // Thinnest first: fewest ingress providers, then fewest egress providers.
        out.sort(Comparator.comparingInt((ThinDiversity t) -> t.ingressProviders().size())
                .thenComparingInt(t -> t.egressProviders().size()).thenComparing(ThinDiversity::region));
        return out;
    }

    /**
     * The permeability model's most urgent call for capacity if it has one (interference is what
     * a new node has to get around); otherwise the thinnest region; otherwise hold.
     */
    private static NodeRecommendation nextNode(List<ReportRecommendation> recommendations, List<ThinDiversity> thin) {
        for (ReportRecommendation r : recommendations) {
            if (r.type().equals(RecommendationType.ADD_INGRESS.wireName()) || r.type().equals(RecommendationType.ADD_EGRESS.wireName())) {
                return new NodeRecommendation(r.type(), r.target(), r.reason(), r.priority(), "permeability");
            }
        }
        if (!thin.isEmpty()) {
            ThinDiversity t = thin.get(0);
            boolean ingressThin = t.ingressProviders().size() < MIN_PROVIDERS;
            String target = ingressThin ? "ingress:new@" + t.region() : "egress:" + t.region();
            String other = ingressThin ? t.ingressProviders().isEmpty() ? "any provider" : "a provider other than " + t.ingressProviders().get(0)
                    : t.egressProviders().isEmpty() ? "any provider" : "a provider other than " + t.egressProviders().get(0);
            return new NodeRecommendation(ingressThin ? RecommendationType.ADD_INGRESS.wireName() : RecommendationType.ADD_EGRESS.wireName(),
                    target, "add " + (ingressThin ? "a gateway" : "an egress pool") + " in " + t.region() + " at " + other + ": " + t.why(),
                    DIVERSITY_PRIORITY, "diversity");
        }
        return new NodeRecommendation(RecommendationType.HOLD.wireName(), "fleet",
                "no interference incident asks for capacity and every region has at least " + MIN_PROVIDERS + " providers", 0, "none");
    }
}
