package dev.damm.core.internal.permeability;

import dev.damm.core.internal.permeability.RecommendationTarget.Egress;
import dev.damm.core.internal.permeability.RecommendationTarget.Fleet;
import dev.damm.core.internal.permeability.RecommendationTarget.Frontdoor;
import dev.damm.core.internal.permeability.RecommendationTarget.Ingress;
import dev.damm.core.internal.permeability.RecommendationTarget.NewIngress;
import dev.damm.core.internal.permeability.RecommendationTarget.WholeProvider;
import dev.damm.core.internal.permeability.RecommendationTarget.Zone;
import dev.damm.core.internal.score.HalfLife;
import dev.damm.spi.net.RegionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One pass from observations to a {@link PermeabilityReport}. Deterministic: every collection is
 * iterated in sorted order and figures are rounded to 4 places, so the same input gives the same
 * JSON on every run (and on every machine, unless a figure falls exactly on a rounding boundary
 * where two platforms' {@code Math.exp} differ by one ulp; see {@link HalfLife}).
 *
 * <p>The evidence is summed per slice once, then grouped once by zone, by front door and by
 * (zone, provider, region); every rule reads those groups, so a report costs time linear in the
 * slices (times the zones a front door is seen from), not quadratic.
 */
final class PermeabilityAnalysis {
    private record ZoneProvider(String zone, String provider) {}

    private record Triple(String zone, String provider, RegionCode region) implements Comparable<Triple> {
        @Override
        public int compareTo(Triple o) {
            int c = zone.compareTo(o.zone);
            c = c != 0 ? c : provider.compareTo(o.provider);
            return c != 0 ? c : region.compareTo(o.region);
        }
    }

    private record Slice(String zone, String provider, RegionCode region, String gateway, String frontdoor)
            implements Comparable<Slice> {
        @Override
        public int compareTo(Slice o) {
            int c = zone.compareTo(o.zone);
            c = c != 0 ? c : provider.compareTo(o.provider);
            c = c != 0 ? c : region.compareTo(o.region);
            c = c != 0 ? c : gateway.compareTo(o.gateway);
            return c != 0 ? c : frontdoor.compareTo(o.frontdoor);
        }
    }

    /** An incident with the evidence that produced it, before filtering by confidence. */
    private record Finding(InterferenceIncident incident, Map<Triple, Evidence> slices, List<String> backingZones) {}

    private final PermeabilityConfig cfg;
    private final Instant now;
    private final Map<String, NetworkZone> zones;

    private final TreeMap<Slice, Evidence> slices = new TreeMap<>();
    private final Map<ZoneProvider, Evidence> zoneProviders = new HashMap<>();
    private final TreeMap<String, Evidence> zoneTotals = new TreeMap<>();

    // Groupings of the slices, built once by index().
    private final Map<String, TreeMap<Slice, Evidence>> slicesByZone = new HashMap<>();
    private final Map<String, List<Map.Entry<Slice, Evidence>>> slicesByFrontdoor = new HashMap<>();
    private final Map<Triple, List<Slice>> slicesByTriple = new HashMap<>();
    /** Zones from which some front door works. */
    private final Set<String> reachingZones = new HashSet<>();
    /** Per front door, the zones from which it works. */
    private final Map<String, TreeSet<String>> workingZonesByFrontdoor = new HashMap<>();
    /** Providers whose loss shows from most of the zones observing them. */
    private final Set<String> lossyEverywhere = new HashSet<>();

    private final Set<String> outageProviders = new TreeSet<>();
    private final Set<String> deadFrontdoors = new TreeSet<>();
    private final Set<String> blackholedZones = new TreeSet<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Double> ambiguousZones = new TreeMap<>();

    PermeabilityAnalysis(PermeabilityConfig cfg, Instant now, Collection<NetworkZone> zones) {
        this.cfg = cfg;
        this.now = now;
        TreeMap<String, NetworkZone> byId = new TreeMap<>();
        zones.forEach(z -> byId.put(z.id(), z));
        this.zones = byId;
    }

    PermeabilityReport run(Collection<PathObservation> observations) {
        accumulate(observations);
        index();
        findProviderOutages();
        for (String zone : zoneTotals.keySet()) {
            classifyZone(zone);
            findPacketLoss(zone);
            findDnsTampering(zone);
        }
        List<InterferenceIncident> incidents = new ArrayList<>();
        List<Finding> reported = new ArrayList<>();
        for (Finding f : findings) {
            if (f.incident().confidence() >= cfg.minIncidentConfidence()) {
                incidents.add(f.incident());
                reported.add(f);
            }
        }
        incidents.sort(Comparator.comparing((InterferenceIncident i) -> i.severity()).reversed()
                .thenComparing(Comparator.comparingDouble(InterferenceIncident::confidence).reversed())
                .thenComparing(InterferenceIncident::id));
        List<PermeabilityScore> scores = scores(reported);
        List<PlacementRecommendation> recommendations = recommendations(reported, scores);
        return new PermeabilityReport(PermeabilityReport.SCHEMA_VERSION, now, new ArrayList<>(zones.values()),
                incidents, scores, recommendations);
    }

    // ---- evidence -------------------------------------------------------------------------

    private void accumulate(Collection<PathObservation> observations) {
        HalfLife decay = HalfLife.of(cfg.evidenceHalfLife());
        long maxAgeMillis = cfg.maxEvidenceAge().toMillis();
        for (PathObservation o : observations) {
            long age = Math.max(0, Duration.between(o.observedAt(), now).toMillis());
            if (age > maxAgeMillis || !zones.containsKey(o.zoneId())) {
                continue;
            }
            double w = o.sampleCount() * decay.factor(age);
            slices.computeIfAbsent(new Slice(o.zoneId(), o.provider(), o.ingressRegion(), o.gatewayId(), o.frontdoorId()),
                    k -> new Evidence()).add(o, w);
            zoneProviders.computeIfAbsent(new ZoneProvider(o.zoneId(), o.provider()), k -> new Evidence()).add(o, w);
            zoneTotals.computeIfAbsent(o.zoneId(), k -> new Evidence()).add(o, w);
        }
    }

    private void index() {
        slices.forEach((k, v) -> {
            slicesByZone.computeIfAbsent(k.zone(), z -> new TreeMap<>()).put(k, v);
            slicesByFrontdoor.computeIfAbsent(k.frontdoor(), f -> new ArrayList<>()).add(Map.entry(k, v));
            slicesByTriple.computeIfAbsent(new Triple(k.zone(), k.provider(), k.region()), t -> new ArrayList<>()).add(k);
            if (working(v)) {
                reachingZones.add(k.zone());
                workingZonesByFrontdoor.computeIfAbsent(k.frontdoor(), f -> new TreeSet<>()).add(k.zone());
            }
        });
        // Loss a provider shows from most zones is the provider's, not any zone's interference.
        Map<String, int[]> observingAndLossy = new HashMap<>();
        zoneProviders.forEach((zp, e) -> {
            int[] counts = observingAndLossy.computeIfAbsent(zp.provider(), p -> new int[2]);
            counts[0]++;
            if (e.lossPct() >= cfg.elevatedLossPct()) {
                counts[1]++;
            }
        });
        observingAndLossy.forEach((p, counts) -> {
            if (counts[0] >= cfg.minZonesForOutage() && counts[1] >= cfg.outageZoneShare() * counts[0]) {
                lossyEverywhere.add(p);
            }
        });
    }

    private boolean failing(Evidence e) {
        return e.successRate() < cfg.failingBelow();
    }

    private boolean working(Evidence e) {
        return e.successRate() >= cfg.workingAbove();
    }

    /** Providers a zone tried, sorted. */
    private List<String> providersOf(String zone) {
        return new ArrayList<>(zoneTotals.get(zone).providers);
    }

    /** Whether any front door works from the zone. */
    private boolean reachesAnything(String zone) {
        return reachingZones.contains(zone);
    }

    /**
     * Whether a zone other than {@code zone} reaches {@code frontdoor}; with {@code fixedPeersOnly}
     * only non-mobile zones of the same country count.
     */
    private boolean worksElsewhere(String frontdoor, String zone, boolean fixedPeersOnly) {
        NetworkZone self = zones.get(zone);
        for (String other : workingZonesByFrontdoor.getOrDefault(frontdoor, new TreeSet<>())) {
            if (other.equals(zone)) {
                continue;
            }
            NetworkZone z = zones.get(other);
            if (!fixedPeersOnly || (z.country().equals(self.country()) && z.networkType() != NetworkType.MOBILE)) {
                return true;
            }
        }
        return false;
    }

    /** Share of the front doors in {@code failed} that another zone reaches. */
    private double shareWorkingElsewhere(Evidence failed, String zone) {
        int n = 0;
        for (String fd : failed.frontdoors) {
            if (worksElsewhere(fd, zone, false)) {
                n++;
            }
        }
        return failed.frontdoors.isEmpty() ? 0.0 : n / (double) failed.frontdoors.size();
    }

    // ---- provider outages -----------------------------------------------------------------

    /**
     * Front doors that fail from (nearly) every zone able to reach anything are down on the
     * provider's side, or burned everywhere; a provider all of whose front doors are down is out.
     * Zones that reach nothing are left out of the count: they cannot tell a dead provider from
     * their own blackhole.
     */
    private void findProviderOutages() {
        TreeMap<String, TreeSet<String>> frontdoorsByProvider = new TreeMap<>();
        slices.keySet().forEach(k -> frontdoorsByProvider.computeIfAbsent(k.provider(), p -> new TreeSet<>()).add(k.frontdoor()));
        for (Map.Entry<String, TreeSet<String>> entry : frontdoorsByProvider.entrySet()) {
            String p = entry.getKey();
            Evidence failed = new Evidence();
            Map<Triple, Evidence> involved = new TreeMap<>();
            TreeSet<String> failingZones = new TreeSet<>();
            TreeSet<String> dead = new TreeSet<>();
            double weakestShare = 1.0;
            int mostObserving = 0;
            for (String fd : entry.getValue()) {
                int observing = 0;
                Map<Slice, Evidence> failingSlices = new TreeMap<>();
                for (Map.Entry<Slice, Evidence> s : slicesByFrontdoor.get(fd)) {
                    if (!reachesAnything(s.getKey().zone())) {
                        continue;
                    }
                    observing++;
                    if (failing(s.getValue())) {
                        failingSlices.put(s.getKey(), s.getValue());
                    }
                }
                if (observing < cfg.minZonesForOutage() || failingSlices.size() < cfg.outageZoneShare() * observing) {
                    continue;
                }
                dead.add(fd);
                weakestShare = Math.min(weakestShare, failingSlices.size() / (double) observing);
                mostObserving = Math.max(mostObserving, observing);
                failingSlices.forEach((k, v) -> {
                    failed.addAll(v);
                    failingZones.add(k.zone());
                });
                triplesOf(failingSlices).forEach((t, e) -> involved.computeIfAbsent(t, x -> new Evidence()).addAll(e));
            }
            if (dead.isEmpty()) {
                continue;
            }
            boolean whole = dead.equals(entry.getValue());
            double confidence = round(cfg.confidence(failed.weight) * weakestShare);
            Severity severity = whole
                    ? (weakestShare >= 1.0 && failingZones.size() >= cfg.criticalOutageZones() ? Severity.CRITICAL : Severity.HIGH)
                    : Severity.MEDIUM;
            String what = whole ? p : p + " front doors " + names(dead);
            String summary = String.format(Locale.ROOT,
                    "%s fail%s from %d of %d zones that reach other ingress (success %s): provider-side failure, not interference",
                    what, whole ? "s" : "", failingZones.size(), mostObserving, pct(failed.successRate()));
            InterferenceIncident incident = new InterferenceIncident("provider_outage:" + p, Ids.ALL_ZONES, severity,
                    IncidentClass.PROVIDER_OUTAGE, summary, failed.first, failed.last, confidence,
                    List.of(p), new ArrayList<>(dead));
            findings.add(new Finding(incident, involved, new ArrayList<>(failingZones)));
            if (confidence >= cfg.minIncidentConfidence()) {
                deadFrontdoors.addAll(dead);
                if (whole) {
                    outageProviders.add(p);
                }
            }
        }
    }

    // ---- zone classification --------------------------------------------------------------

    private void classifyZone(String zone) {
        NetworkZone z = zones.get(zone);
        Map<Slice, Evidence> failingSlices = new TreeMap<>();
        boolean anyWorking = false;
        for (Map.Entry<Slice, Evidence> s : zoneSlices(zone).entrySet()) {
            if (deadFrontdoors.contains(s.getKey().frontdoor())) {
                continue; // explained by the provider: not this zone's interference
            }
            if (failing(s.getValue())) {
                failingSlices.put(s.getKey(), s.getValue());
            } else if (working(s.getValue())) {
                anyWorking = true;
            }
        }
        if (failingSlices.isEmpty()) {
            return;
        }
        if (z.networkType() == NetworkType.MOBILE) {
            Map<Slice, Evidence> mobileOnly = new TreeMap<>();
            for (Map.Entry<Slice, Evidence> s : failingSlices.entrySet()) {
                if (worksElsewhere(s.getKey().frontdoor(), zone, true)) {
                    mobileOnly.put(s.getKey(), s.getValue());
                }
            }
            if (!mobileOnly.isEmpty()) {
                Evidence e = merge(mobileOnly.values());
                double confidence = round(cfg.confidence(e.weight));
                String summary = String.format(Locale.ROOT,
                        "%s (mobile) fails to %s (success %s) while fixed zones in %s reach them",
                        zone, names(e.providers), pct(e.successRate()), z.country());
                findings.add(new Finding(new InterferenceIncident("mobile_only_disruption:" + zone, zone, Severity.HIGH,
                        IncidentClass.MOBILE_ONLY_DISRUPTION, summary, e.first, e.last, confidence,
                        new ArrayList<>(e.providers), new ArrayList<>(e.frontdoors)), triplesOf(mobileOnly), List.of(zone)));
                mobileOnly.keySet().forEach(failingSlices::remove);
                if (failingSlices.isEmpty()) {
                    return;
                }
            }
        }
        Evidence failed = merge(failingSlices.values());
        if (!anyWorking) {
            if (failed.providers.size() < 2) {
                // One provider tried, nothing works: blackhole and blocking look the same.
                ambiguousZones.put(zone, cfg.confidence(failed.weight));
                return;
            }
            double reachable = shareWorkingElsewhere(failed, zone);
            double confidence = round(cfg.confidence(failed.weight) * reachable);
            Severity severity = Severity.CRITICAL;
            String summary = String.format(Locale.ROOT,
                    "%s fails to all %d providers it tried (success %s) while other zones reach %s of those front doors%s",
                    zone, failed.providers.size(), pct(failed.successRate()), pct(reachable), resets(failed));
            findings.add(new Finding(new InterferenceIncident("regional_blackhole:" + zone, zone, severity,
                    IncidentClass.REGIONAL_BLACKHOLE, summary, failed.first, failed.last, confidence,
                    new ArrayList<>(failed.providers), new ArrayList<>(failed.frontdoors)),
                    triplesOf(failingSlices), List.of(zone)));
            if (confidence >= cfg.minIncidentConfidence()) {
                blackholedZones.add(zone);
            }
            return;
        }
        TreeMap<String, Map<Slice, Evidence>> byProvider = new TreeMap<>();
        failingSlices.forEach((k, v) -> byProvider.computeIfAbsent(k.provider(), x -> new TreeMap<>()).put(k, v));
        for (Map.Entry<String, Map<Slice, Evidence>> group : byProvider.entrySet()) {
            String p = group.getKey();
            Map<Slice, Evidence> ofProvider = group.getValue();
            Evidence e = merge(ofProvider.values());
            double elsewhereShare = shareWorkingElsewhere(e, zone);
            boolean elsewhere = elsewhereShare > 0;
            // Unconfirmed by other zones, blocking and a broken front door look alike: less confidence.
            double floor = cfg.unconfirmedBlockingConfidence();
            double confidence = round(cfg.confidence(e.weight) * (floor + (1 - floor) * elsewhereShare));
            Severity severity = e.resetShare() >= cfg.notableResetShare() ? Severity.CRITICAL : Severity.HIGH;
            String summary = String.format(Locale.ROOT,
                    "%s fails to %s front doors %s (success %s) while other providers work from it%s%s",
                    zone, p, names(e.frontdoors), pct(e.successRate()),
                    elsewhere ? " and other zones reach them" : "; no other zone observed them", resets(e));
            findings.add(new Finding(new InterferenceIncident("selective_ingress_blocking:" + zone + ":" + p, zone,
                    severity, IncidentClass.SELECTIVE_INGRESS_BLOCKING, summary, e.first, e.last, confidence,
                    List.of(p), new ArrayList<>(e.frontdoors)), triplesOf(ofProvider), List.of(zone)));
        }
    }

    private void findPacketLoss(String zone) {
        Map<Slice, Evidence> lossy = new TreeMap<>();
        for (Map.Entry<Slice, Evidence> s : zoneSlices(zone).entrySet()) {
            Evidence e = s.getValue();
            String p = s.getKey().provider();
            if (!deadFrontdoors.contains(s.getKey().frontdoor()) && !failing(e) && e.lossPct() >= cfg.elevatedLossPct()
                    && !lossyEverywhere.contains(p)) {
                lossy.put(s.getKey(), e);
            }
        }
        if (lossy.isEmpty()) {
            return;
        }
        Evidence e = merge(lossy.values());
        double confidence = round(cfg.confidence(e.weight));
        Severity severity = e.lossPct() >= cfg.highLossFactor() * cfg.elevatedLossPct() ? Severity.HIGH : Severity.MEDIUM;
        String summary = String.format(Locale.ROOT, "%s loses %.1f%% of packets to %s while handshakes still complete",
                zone, e.lossPct(), names(e.providers));
        findings.add(new Finding(new InterferenceIncident("packet_loss:" + zone, zone, severity, IncidentClass.PACKET_LOSS,
                summary, e.first, e.last, confidence, new ArrayList<>(e.providers), new ArrayList<>(e.frontdoors)),
                triplesOf(lossy), List.of(zone)));
    }

    private void findDnsTampering(String zone) {
        Map<Slice, Evidence> tampered = new TreeMap<>();
        Evidence total = zoneTotals.get(zone);
        for (Map.Entry<Slice, Evidence> s : zoneSlices(zone).entrySet()) {
            if (s.getValue().dns > 0) {
                tampered.put(s.getKey(), s.getValue());
            }
        }
        if (tampered.isEmpty()) {
            return;
        }
        Evidence e = merge(tampered.values());
        double share = total.dns / total.weight;
        double confidence = round(cfg.confidence(total.dns));
        Severity severity = share >= cfg.highDnsShare() ? Severity.HIGH : Severity.MEDIUM;
        String summary = String.format(Locale.ROOT, "%s saw tampered DNS answers in %s of weighted samples",
                zone, pct(share));
        findings.add(new Finding(new InterferenceIncident("dns_tampering:" + zone, zone, severity,
                IncidentClass.DNS_TAMPERING, summary, e.first, e.last, confidence,
                new ArrayList<>(e.providers), new ArrayList<>(e.frontdoors)), triplesOf(tampered), List.of(zone)));
    }

    /** The zone's slices, in slice order; not to be changed. */
    private Map<Slice, Evidence> zoneSlices(String zone) {
        return slicesByZone.get(zone);
    }

    private static Map<Triple, Evidence> triplesOf(Map<Slice, Evidence> slices) {
        Map<Triple, Evidence> out = new TreeMap<>();
        slices.forEach((k, v) -> out.computeIfAbsent(new Triple(k.zone(), k.provider(), k.region()), t -> new Evidence()).addAll(v));
        return out;
    }

    private static Evidence merge(Collection<Evidence> parts) {
        Evidence e = new Evidence();
        parts.forEach(e::addAll);
        return e;
    }

    // ---- scores ---------------------------------------------------------------------------

    private List<PermeabilityScore> scores(List<Finding> reported) {
        Map<Triple, IncidentClass> interfered = new HashMap<>();
        for (Finding f : reported) {
            IncidentClass c = f.incident().incidentClass();
            if (c == IncidentClass.SELECTIVE_INGRESS_BLOCKING || c == IncidentClass.MOBILE_ONLY_DISRUPTION) {
                f.slices().keySet().forEach(t -> interfered.put(t, c));
            }
        }
        TreeMap<Triple, Evidence> live = liveTriples();
        Map<Triple, Double> permeability = new TreeMap<>();
        // Per zone, the best permeability to each provider: replaceability reads it.
        Map<String, Map<String, Double>> bestByZoneAndProvider = new HashMap<>();
        live.forEach((t, e) -> {
            double p = e.successRate() * (1 - e.lossPct() / 100);
            permeability.put(t, p);
            bestByZoneAndProvider.computeIfAbsent(t.zone(), z -> new HashMap<>()).merge(t.provider(), p, Math::max);
        });
        List<PermeabilityScore> out = new ArrayList<>();
        for (Map.Entry<Triple, Evidence> entry : live.entrySet()) {
            Triple t = entry.getKey();
            Evidence e = entry.getValue();
            double perm = clamp(permeability.get(t));
            double stability = clamp(1 - 2 * e.successDeviation());
            double replaceability = 0;
            for (Map.Entry<String, Double> other : bestByZoneAndProvider.get(t.zone()).entrySet()) {
                if (!other.getKey().equals(t.provider())) {
                    replaceability = Math.max(replaceability, other.getValue());
                }
            }
            double confidence = cfg.confidence(e.weight);
            PermeabilityStatus status;
            if (interfered.containsKey(t)) {
                status = PermeabilityStatus.SELECTIVELY_INTERFERED;
            } else if (perm < cfg.failingBelow()) {
                status = PermeabilityStatus.EFFECTIVELY_BLOCKED;
            } else if (stability < cfg.stableAbove()) {
                status = PermeabilityStatus.INTERMITTENT;
            } else if (perm < cfg.workingAbove() || e.lossPct() >= cfg.elevatedLossPct()) {
                status = PermeabilityStatus.DEGRADED;
            } else {
                status = PermeabilityStatus.OPEN;
            }
            RecommendationType action = action(t, status, confidence);
            out.add(new PermeabilityScore(t.zone(), t.provider(), t.region(), round(perm), round(stability),
                    round(clamp(replaceability)), status, action, round(confidence), e.samples));
        }
        return out;
    }

    /**
     * Slice evidence without front doors found dead from every zone (they are a provider matter,
     * reported and withdrawn on their own), unless nothing else is left of the slice.
     */
    private TreeMap<Triple, Evidence> liveTriples() {
        TreeMap<Triple, Evidence> all = new TreeMap<>();
        TreeMap<Triple, Evidence> alive = new TreeMap<>();
        slices.forEach((k, v) -> {
            Triple t = new Triple(k.zone(), k.provider(), k.region());
            all.computeIfAbsent(t, x -> new Evidence()).addAll(v);
            if (!deadFrontdoors.contains(k.frontdoor())) {
                alive.computeIfAbsent(t, x -> new Evidence()).addAll(v);
            }
        });
        all.putAll(alive);
        return all;
    }

    private RecommendationType action(Triple t, PermeabilityStatus status, double confidence) {
        if (status == PermeabilityStatus.OPEN) {
            return RecommendationType.HOLD;
        }
        if (confidence < cfg.minIncidentConfidence()) {
            return RecommendationType.INVESTIGATE;
        }
        switch (status) {
            case DEGRADED:
            case INTERMITTENT:
                return RecommendationType.REWEIGHT;
            case SELECTIVELY_INTERFERED:
                return RecommendationType.ADD_INGRESS;
            default:
                if (outageProviders.contains(t.provider())) {
                    return RecommendationType.HOLD; // the provider is down; placement would chase a ghost
                }
                if (deadFrontdoorsOnly(t)) {
                    return RecommendationType.WITHDRAW_FRONTDOOR;
                }
                return blackholedZones.contains(t.zone()) ? RecommendationType.INVESTIGATE : RecommendationType.ADD_INGRESS;
        }
    }

    /** Whether every front door behind a slice is one found dead from every zone. */
    private boolean deadFrontdoorsOnly(Triple t) {
        List<Slice> behind = slicesByTriple.getOrDefault(t, List.of());
        for (Slice k : behind) {
            if (!deadFrontdoors.contains(k.frontdoor())) {
                return false;
            }
        }
        return !behind.isEmpty();
    }

    // ---- recommendations ------------------------------------------------------------------

    /** Recommendations merged by (type, target): backing zones united, the strongest reason kept. */
    private static final class Merger {
        private record Key(RecommendationType type, RecommendationTarget target) {}

        private static final class Draft {
            String reason;
            int priority;
            final TreeSet<String> zones = new TreeSet<>();
        }

        private final PermeabilityConfig cfg;
        private final Map<Key, Draft> drafts = new LinkedHashMap<>();

        Merger(PermeabilityConfig cfg) {
            this.cfg = cfg;
        }

        void add(RecommendationType type, RecommendationTarget target, String reason, int priority, Collection<String> backing) {
            if (type == RecommendationType.HOLD) {
                priority = (int) (priority * cfg.holdPriorityFactor()); // a hold asks for no change: actions come first
            }
            Draft d = drafts.computeIfAbsent(new Key(type, target), k -> new Draft());
            if (d.reason == null || priority > d.priority) {
                d.reason = clip(reason);
                d.priority = priority;
            }
            d.zones.addAll(backing);
        }

        /** Base priority plus the boost per backing zone beyond the first, capped at 100. */
        List<PlacementRecommendation> build() {
            List<PlacementRecommendation> out = new ArrayList<>();
            drafts.forEach((k, d) -> {
                int boosted = Math.min(100, d.priority + cfg.backingZoneBoost() * Math.max(0, d.zones.size() - 1));
                out.add(new PlacementRecommendation(k.type(), k.target(), d.reason, boosted, new ArrayList<>(d.zones)));
            });
            return out;
        }
    }

    private static int priority(Severity severity, double confidence) {
        return (int) Math.round(100 * severity.weight() * confidence);
    }

    private List<PlacementRecommendation> recommendations(List<Finding> reported, List<PermeabilityScore> scores) {
        Merger m = new Merger(cfg);
        Map<String, List<PermeabilityScore>> scoresByZone = new HashMap<>();
        scores.forEach(s -> scoresByZone.computeIfAbsent(s.zoneId(), z -> new ArrayList<>()).add(s));
        Map<RegionCode, TreeSet<String>> ingressZonesByRegion = new TreeMap<>();
        Map<RegionCode, Integer> ingressPriorityByRegion = new HashMap<>();
        for (Finding f : reported) {
            InterferenceIncident i = f.incident();
            int prio = priority(i.severity(), i.confidence());
            RecommendationTarget zoneTarget = Ids.ALL_ZONES.equals(i.zoneId())
                    ? new WholeProvider(i.affectedProviders().get(0)) : new Zone(i.zoneId());
            if (i.confidence() < cfg.actionConfidence()) {
                m.add(RecommendationType.INVESTIGATE, zoneTarget, "low-confidence " + i.incidentClass().wireName()
                        + " (" + i.confidence() + "), confirm before acting: " + i.summary(), prio, f.backingZones());
                continue;
            }
            switch (i.incidentClass()) {
                case PROVIDER_OUTAGE:
                    if (outageProviders.contains(i.affectedProviders().get(0))) {
                        m.add(RecommendationType.HOLD, zoneTarget, "provider failure, not interference: scores already "
                                + "route around it, so place nothing on its account: " + i.summary(), prio, f.backingZones());
                    } else {
                        for (String fd : i.affectedFrontdoors()) {
                            m.add(RecommendationType.WITHDRAW_FRONTDOOR, new Frontdoor(fd), "useless from every zone "
                                    + "that tries it: " + i.summary(), prio, f.backingZones());
                        }
                    }
                    break;
                case REGIONAL_BLACKHOLE:
                    m.add(RecommendationType.INVESTIGATE, zoneTarget, "no ingress placement reaches this zone: "
                            + i.summary(), prio, f.backingZones());
                    break;
                case SELECTIVE_INGRESS_BLOCKING:
                case MOBILE_ONLY_DISRUPTION:
                    for (Triple blocked : f.slices().keySet()) {
                        PermeabilityScore best = bestOpen(blocked, i.affectedProviders(),
                                scoresByZone.getOrDefault(blocked.zone(), List.of()));
                        RegionCode region = best == null ? blocked.region() : best.ingressRegion();
                        RecommendationTarget target = best == null ? new NewIngress(region) : new Ingress(best.provider(), region);
                        m.add(RecommendationType.ADD_INGRESS, target, "capacity for " + i.zoneId() + " away from "
                                + blocked.provider() + "@" + blocked.region() + ": " + i.summary(), prio, f.backingZones());
                        ingressZonesByRegion.computeIfAbsent(region, r -> new TreeSet<>()).addAll(f.backingZones());
                        ingressPriorityByRegion.merge(region, prio, Math::max);
                    }
                    break;
                case PACKET_LOSS:
                    for (Triple t : f.slices().keySet()) {
                        m.add(RecommendationType.REWEIGHT, new Ingress(t.provider(), t.region()),
                                "shift weight off a lossy slice: " + i.summary(), prio, f.backingZones());
                    }
                    break;
                case DNS_TAMPERING:
                    m.add(RecommendationType.HOLD, zoneTarget, "catalog entries carry IP endpoints, which DNS tampering "
                            + "does not reach; keep DNS out of the client path: " + i.summary(), prio, f.backingZones());
                    break;
                default:
                    throw new IllegalStateException("unhandled class " + i.incidentClass());
            }
        }
        ambiguousZones.forEach((zone, conf) -> {
            if (conf >= cfg.minIncidentConfidence()) {
                m.add(RecommendationType.INVESTIGATE, new Zone(zone), zone + " fails to the only provider it tried, "
                        + "where a blackhole and selective blocking look alike: probe another provider from it",
                        priority(Severity.MEDIUM, conf), List.of(zone));
            }
        });
        ingressZonesByRegion.forEach((region, backing) -> {
            if (backing.size() >= cfg.minZonesForEgress()) {
                m.add(RecommendationType.ADD_EGRESS, new Egress(region), "interference in " + backing.size()
                        + " zones shifts their exit demand to " + region,
                        Math.max(0, ingressPriorityByRegion.get(region) - cfg.egressPriorityDrop()), backing);
            }
        });
        List<PlacementRecommendation> out = m.build();
        if (out.isEmpty()) {
            out.add(new PlacementRecommendation(RecommendationType.HOLD, new Fleet(),
                    "no incident reached the confidence threshold", 0, List.of()));
        }
        out.sort(Comparator.comparingInt(PlacementRecommendation::priority).reversed()
                .thenComparing(PlacementRecommendation::type)
                .thenComparing(r -> r.target().wireName()));
        return out;
    }

    /**
     * The best open provider-region among the blocked slice's zone's scores, avoiding the affected
     * providers; null when none is open.
     */
    private PermeabilityScore bestOpen(Triple blocked, List<String> avoid, List<PermeabilityScore> zoneScores) {
        PermeabilityScore best = null;
        for (PermeabilityScore s : zoneScores) {
            if (avoid.contains(s.provider()) || outageProviders.contains(s.provider()) || s.status() != PermeabilityStatus.OPEN) {
                continue;
            }
            if (best == null || better(s, best, blocked.region())) {
                best = s;
            }
        }
        return best;
    }

    private static boolean better(PermeabilityScore a, PermeabilityScore b, RegionCode preferred) {
        if (a.permeabilityScore() != b.permeabilityScore()) {
            return a.permeabilityScore() > b.permeabilityScore();
        }
        boolean aHere = a.ingressRegion().equals(preferred);
        boolean bHere = b.ingressRegion().equals(preferred);
        if (aHere != bHere) {
            return aHere;
        }
        int c = a.provider().compareTo(b.provider());
        return c != 0 ? c < 0 : a.ingressRegion().compareTo(b.ingressRegion()) < 0;
    }

    // ---- formatting -----------------------------------------------------------------------

    /** Up to five names, then a count, so summaries stay short for any fleet size. */
    private static String names(Collection<String> names) {
        List<String> list = new ArrayList<>(names);
        if (list.size() <= 5) {
            return String.join(", ", list);
        }
        return String.join(", ", list.subList(0, 5)) + " and " + (list.size() - 5) + " more";
    }

    private static String clip(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    private String resets(Evidence e) {
        return e.resetShare() >= cfg.notableResetShare() ? "; connection resets observed" : "";
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
