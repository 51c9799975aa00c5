package dev.damm.core.loop;

import dev.damm.core.ControlPlane;
import dev.damm.core.admission.AdmissionPublisher;
import dev.damm.core.admission.AdmissionUpdate;
import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.internal.placement.ScoreSignals;
import dev.damm.core.publish.CatalogPublisher;
import dev.damm.core.publish.FleetPaths;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.score.ClientReport;
import dev.damm.core.score.Heartbeat;
import dev.damm.core.score.Observation;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.PathKey;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.score.ScoreBook;
import dev.damm.core.score.ScoreBreakdown;
import dev.damm.core.score.ScoreConfig;
import dev.damm.core.score.ScoreSource;
import dev.damm.core.score.SubjectKind;
import dev.damm.core.score.SubjectState;
import dev.damm.core.score.ThresholdEvent;
import dev.damm.core.store.Publication;
import dev.damm.core.trust.SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control loop: the one owner of the score book, the fleet's paths, the catalog publisher and
 * the admission publisher, over a {@link ControlPlane} it builds so that placement follows the same
 * scores the catalogs are ranked by.
 *
 * <p>Everything the fleet observes enters here once. A heartbeat or a registration is written to
 * the store (the gateway's last heartbeat, which placement and catalog freshness read) and reaches
 * the score book; probe results, handshake, latency and throughput samples and client reports
 * reach the score book and the loop's own success counts (the store keeps no per-observation
 * history). {@link #evaluate()} brings the book in line with the fleet and moves the threshold
 * states; {@link #publish(CatalogScope)} signs a scope's catalog only when its content changed or
 * a re-sign is due; {@link #tick()} does both for every scope. {@link #vitalSigns(Instant)} reads
 * the loop's three measures.
 *
 * <p>Thread-safe: observations may arrive on any thread; evaluation and publication are
 * serialised on the loop.
 */
public final class ControlLoop {
    /** Demotions kept for {@link #vitalSigns}: the most recent ones. */
    static final int DEMOTION_LOG_CAPACITY = 1_000;
    /** Publications of one scope read back to count churn. */
    static final int CHURN_HISTORY_LIMIT = 10_000;

    private final ControlPlane plane;
    private final Object syncLock = new Object();
    private final Clock clock;
    private final ScoreBook book;
    private final CatalogPublisher catalogs;
    private final AdmissionPublisher admissions;
    private final Duration admissionValidFor;
    private final Duration resignAfter;

    private final Map<RegionCode, Counts> counts = new ConcurrentHashMap<>();
    /** The newest heartbeat time fed to the book per gateway, so one read back from the store is not counted twice. */
    private final Map<GatewayId, Instant> fedHeartbeats = new ConcurrentHashMap<>();
    // Guarded by this.
    private final Map<CatalogScope, CatalogPublisher.Published> current = new HashMap<>();
    private final Map<Subject, Instant> crossed = new LinkedHashMap<>();
    private final ArrayDeque<VitalSigns.Demotion> demotions = new ArrayDeque<>();

    private ControlLoop(Builder b) {
        this.clock = b.clock;
        ScoreConfig config = b.heartbeatTtl == null ? b.scoreConfig : b.scoreConfig.toBuilder().heartbeatTtl(b.heartbeatTtl).build();
        Duration ttl = config.heartbeatTtl();
        this.book = ScoreBook.builder().clock(clock).config(config).build();
        this.plane = b.plane.clock(clock).heartbeatTtl(ttl).signals(new ScoreSignals(book)).build();
        CatalogPublisher.Builder cb = CatalogPublisher.builder(plane.store(), b.catalogKey).clock(clock).ranker(b.ranker)
                .freshFor(b.freshFor).validFor(b.validFor).executor(b.executor).heartbeatTtl(ttl)
                .recoveryEntriesPerRegion(b.recoveryPerRegion);
        b.adjacency.forEach(cb::adjacent);
        this.catalogs = cb.build();
        this.admissions = new AdmissionPublisher(plane.store(), clock, b.admissionKey, b.admissionValidFor);
        this.admissionValidFor = b.admissionValidFor;
        this.resignAfter = b.resignAfter != null ? b.resignAfter : b.freshFor.dividedBy(2);
        if (resignAfter.isNegative() || resignAfter.isZero() || resignAfter.compareTo(b.freshFor) > 0) {
            throw DammException.invalid("catalogResignAfter", "must be positive and at most the catalog's freshness (" + b.freshFor + ")");
        }
    }

    /**
     * Starts a loop over the control plane {@code plane} will build. The loop sets the plane's
     * clock, heartbeat TTL and placement signals, so the plane, the score book and the publishers
     * agree on time, on when a gateway is stale and on which paths are good.
     */
    public static Builder builder(ControlPlane.Builder plane) {
        return new Builder(plane);
    }

    /** The control plane the loop runs on: enrollment, device lifecycle, gateway administration. */
    public ControlPlane plane() {
        return plane;
    }

    /** The scores the loop ranks and places by (read-only). */
    public ScoreSource scores() {
        return book;
    }

    /** The fleet's paths the score book tracks: what a prober should probe. */
    public List<PathDescriptor> paths() {
        return book.paths();
    }

    /** Every estimator behind a path's score, for operators; empty for a path the loop does not track. */
    public Optional<ScoreBreakdown> breakdown(PathKey path) {
        Require.nonNull("path", path);
        return book.breakdown(path);
    }

    // ---- observations in ------------------------------------------------------------------

    /**
     * Registers the gateway a registration token or gateway credential belongs to (see
     * {@link dev.damm.core.gateway.GatewayService#register}), brings its paths into the score book
     * and counts the registration as its first heartbeat.
     */
    public GatewayService.Registered register(String bearer, GatewayRegistration registration) {
        GatewayService.Registered r = plane.gateways().register(bearer, registration);
        sync();
        toBook(r.gateway(), r.gateway().metrics());
        return r;
    }

    /**
     * Records a heartbeat in the store and in the score book (see
     * {@link dev.damm.core.gateway.GatewayService#heartbeat}). A gateway the book does not know yet
     * (registered through another server) has its paths brought in first; one with no path (no
     * enabled main egress pool in its region) has nothing to score.
     */
    public Gateway heartbeat(String credential, HeartbeatMetrics metrics) {
        Gateway g = plane.gateways().heartbeat(credential, metrics);
        if (book.state(SubjectKind.GATEWAY, g.id().value()).isEmpty()) {
            sync();
        }
        toBook(g, metrics);
        return g;
    }

    private void toBook(Gateway g, HeartbeatMetrics metrics) {
        if (book.state(SubjectKind.GATEWAY, g.id().value()).isPresent()) {
            feed(g.id(), g.lastHeartbeatAt().orElseThrow(), metrics.load());
        }
    }

    /** Ingests a heartbeat unless one as new was fed already; returns whether it was ingested. */
    private boolean feed(GatewayId id, Instant at, double load) {
        boolean[] fed = {false};
        fedHeartbeats.compute(id, (k, seen) -> {
            if (seen != null && !at.isAfter(seen)) {
                return seen;
            }
            book.ingest(new Heartbeat(id, at, load));
            fed[0] = true;
            return at;
        });
        return fed[0];
    }

    /**
     * Feeds the score book the heartbeats in the store that it has not seen: those other servers
     * received. With several servers on one store, the one that publishes catalogs calls this on
     * each tick, so a gateway heartbeating to another server keeps its score here too.
     *
     * @return how many heartbeats were fed
     */
    public int heartbeatsFromStore() {
        int n = 0;
        for (Gateway g : plane.store().inTransaction(tx -> tx.gateways().list())) {
            if (g.lastHeartbeatAt().isEmpty() || book.state(SubjectKind.GATEWAY, g.id().value()).isEmpty()) {
                continue;
            }
            try {
                n += feed(g.id(), g.lastHeartbeatAt().get(), g.metrics().load()) ? 1 : 0;
            } catch (DammException e) {
                // A heartbeat time the book no longer takes (out of its bounds): nothing to learn from it.
            }
        }
        return n;
    }

    /**
     * Learns from a probe result, a handshake, latency or throughput sample, or a client report on a
     * path the loop tracks ({@link #paths()}).
     *
     * @throws DammException as {@link ScoreBook#ingest} does ({@code NOT_FOUND} for an unknown path,
     *     {@code INVALID_ARGUMENT} for a time out of bounds); nothing is counted then
     */
    public void observe(Observation.OnPath observation) {
        Require.nonNull("observation", observation);
        book.ingest(observation);
        if (observation instanceof ProbeResult p) {
            counts(p.path()).ifPresent(c -> c.probe(p.reachable()));
        } else if (observation instanceof ClientReport r) {
            counts(r.path()).ifPresent(c -> c.report(r.succeeded()));
        }
    }

    private Optional<Counts> counts(PathKey path) {
        return book.descriptor(path).map(d -> counts.computeIfAbsent(d.region(), r -> new Counts()));
    }

    // ---- the loop --------------------------------------------------------------------------

    /**
     * Brings the score book in line with the fleet (new paths in, gone ones out) and moves every
     * threshold state to the clock's time; returns the crossings.
     */
    public synchronized List<ThresholdEvent> evaluate() {
        sync();
        List<ThresholdEvent> events = book.evaluate();
        for (ThresholdEvent e : events) {
            Subject s = new Subject(e.kind(), e.subjectId());
            if (e.from() == SubjectState.ACTIVE && e.to() != SubjectState.ACTIVE) {
                crossed.putIfAbsent(s, e.at());
            } else if (e.to() == SubjectState.ACTIVE) {
                crossed.remove(s); // back in service before any catalog said otherwise
            }
        }
        if (!crossed.isEmpty()) {
            // A subject that left the fleet (gateway retired, pool disabled) has nothing left to demote.
            List<PathDescriptor> paths = book.paths();
            crossed.keySet().removeIf(s -> paths.stream().noneMatch(d -> s.covers(d.key())));
        }
        return events;
    }

    /**
     * Publishes {@code scope}'s catalog if its content changed since the last publication or a
     * re-sign is due ({@link Builder#catalogResignAfter}); otherwise keeps the last one, serial and
     * bytes unchanged. A publication by another process (or before a restart) is recognised by its
     * recorded content digest: the same content is re-signed, not counted as a change.
     */
    public synchronized CatalogPublication publish(CatalogScope scope) {
        Require.nonNull("scope", scope);
        CatalogPublisher.Draft draft = catalogs.draft(scope, book);
        CatalogPublisher.Published last = current.get(scope);
        Instant now = clock.instant();
        if (last != null && last.contentDigest().equals(draft.contentDigest())
                && now.isBefore(last.publication().publishedAt().plus(resignAfter))) {
            return new CatalogPublication.Kept(last);
        }
        String lastDigest = last != null ? last.contentDigest() : catalogs.lastPublication(scope).map(Publication::sha256).orElse(null);
        CatalogPublisher.Published p = catalogs.sign(draft);
        current.put(scope, p);
        resolveDemotions(p);
        return new CatalogPublication.Issued(p, draft.contentDigest().equals(lastDigest)
                ? CatalogPublication.Reason.RESIGNED : CatalogPublication.Reason.CONTENT_CHANGED);
    }

    /** {@link #evaluate()}, then {@link #publish} for every scope ({@link #scopes()}). */
    public synchronized List<CatalogPublication> tick() {
        evaluate();
        List<CatalogPublication> out = new ArrayList<>();
        for (CatalogScope s : scopes()) {
            out.add(publish(s));
        }
        return out;
    }

    /**
     * Signs a new catalog for every scope now, whatever its content: after the catalog key is
     * replaced, the catalogs the old key signed must give way before devices that follow the new
     * root (which no longer names the old key) next fetch them.
     */
    public synchronized List<CatalogPublication> resignAll() {
        current.clear();
        List<CatalogPublication> out = new ArrayList<>();
        for (CatalogScope s : scopes()) {
            out.add(publish(s));
        }
        return out;
    }

    /**
     * The scopes the fleet serves: every access tier with every allowed region that has an active
     * or draining gateway, ordered by region then tier.
     */
    public List<CatalogScope> scopes() {
        return plane.store().inTransaction(tx -> {
            Set<RegionCode> served = new HashSet<>();
            for (Gateway g : tx.gateways().list()) {
                if (g.status() == GatewayStatus.ACTIVE || g.status() == GatewayStatus.DRAINING) {
                    served.add(g.region());
                }
            }
            TreeMap<String, CatalogScope> out = new TreeMap<>();
            for (AccessTier t : tx.accessTiers().list()) {
                for (RegionCode r : t.allowedRegions()) {
                    if (served.contains(r)) {
                        out.put(r.value() + "/" + t.id().value(), new CatalogScope(r, t.id().value()));
                    }
                }
            }
            return List.copyOf(out.values());
        });
    }

    /** Builds, signs and records the next admission set for {@code gatewayId}. */
    public AdmissionPublisher.Signed publishAdmission(GatewayId gatewayId) {
        return admissions.publish(gatewayId);
    }

    /**
     * Publishes a new admission set for every registered gateway whose admitted devices changed, or
     * whose newest set is past half its validity; a gateway whose peers are unchanged keeps its serial.
     * Run it on the loop's schedule: gateways then poll {@link #admissionSince} and pay for changes only.
     *
     * @return the sets published
     */
    public List<AdmissionPublisher.Signed> refreshAdmissions() {
        return admissions.refresh(plane.store().inTransaction(tx -> tx.gateways().list()), admissionValidFor.dividedBy(2));
    }

    /** What a gateway holding {@code heldSerial} (empty: nothing) needs: up to date, a signed delta, or the full set. */
    public AdmissionUpdate admissionSince(GatewayId gatewayId, OptionalLong heldSerial) {
        return admissions.since(gatewayId, heldSerial);
    }

    // ---- vital signs -----------------------------------------------------------------------

    /**
     * The loop's three measures: churn of every scope this loop published, counted over the store's
     * publications since {@code since} (so other servers' publications count too); success counts
     * per region since the loop started; and the recent crossing-to-publication times.
     */
    public synchronized VitalSigns vitalSigns(Instant since) {
        Require.nonNull("since", since);
        List<VitalSigns.Churn> churn = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        Map<String, CatalogScope> byKey = new HashMap<>();
        current.keySet().forEach(s -> { keys.add(s.key()); byKey.put(s.key(), s); });
        for (String k : keys) {
            churn.add(churn(byKey.get(k), since));
        }
        List<VitalSigns.Success> success = new ArrayList<>();
        new TreeMap<>(counts).forEach((r, c) -> success.add(c.snapshot(r)));
        return new VitalSigns(since, clock.instant(), churn, success, List.copyOf(demotions));
    }

    /** Churn of {@code scope} since {@code since}, from the publications recorded in the store. */
    public VitalSigns.Churn churn(CatalogScope scope, Instant since) {
        Require.nonNull("scope", scope);
        Require.nonNull("since", since);
        List<Publication> newestFirst = catalogs.history(scope, CHURN_HISTORY_LIMIT);
        int publications = 0;
        int changes = 0;
        for (int i = 0; i < newestFirst.size(); i++) {
            Publication p = newestFirst.get(i);
            if (p.publishedAt().isBefore(since)) {
                break;
            }
            publications++;
            Publication before = i + 1 < newestFirst.size() ? newestFirst.get(i + 1) : null;
            if (before == null || !before.sha256().equals(p.sha256())) {
                changes++;
            }
        }
        return new VitalSigns.Churn(scope, publications, changes);
    }

    /**
     * Closes every pending crossing whose paths in the published scope's region are all demoted or
     * gone from the catalog's own entries.
     */
    private void resolveDemotions(CatalogPublisher.Published p) {
        if (crossed.isEmpty()) {
            return;
        }
        CatalogScope scope = p.catalog().catalog().scope();
        Map<String, CatalogEntry> listed = new HashMap<>();
        for (CatalogEntry e : p.catalog().catalog().regionEntries()) {
            listed.put(e.pathId(), e);
        }
        List<PathDescriptor> paths = book.paths();
        var it = crossed.entrySet().iterator();
        while (it.hasNext()) {
            var pending = it.next();
            Subject s = pending.getKey();
            boolean any = false;
            boolean stillActive = false;
            for (PathDescriptor d : paths) {
                if (!d.region().equals(scope.region()) || !s.covers(d.key())) {
                    continue;
                }
                any = true;
                stillActive |= listedActive(listed, d.key());
            }
            if (any && !stillActive && !p.publication().publishedAt().isBefore(pending.getValue())) {
                if (demotions.size() == DEMOTION_LOG_CAPACITY) {
                    demotions.removeFirst();
                }
                demotions.addLast(new VitalSigns.Demotion(s.kind(), s.id(), pending.getValue(), scope,
                        p.publication().serial(), p.publication().publishedAt()));
                it.remove();
            }
        }
    }

    /** Whether the catalog lists {@code path}'s front door as active in the entry of its gateway and pool. */
    private static boolean listedActive(Map<String, CatalogEntry> listed, PathKey path) {
        CatalogEntry e = listed.get(path.gatewayId().value() + ":" + path.egressPoolId().value());
        if (e == null) {
            return false;
        }
        for (FrontDoor d : e.frontDoors()) {
            if (d.id().equals(path.frontDoorId().value())) {
                return d.state() == FrontDoorState.ACTIVE;
            }
        }
        return false;
    }

    /**
     * Brings the book's paths in line with the store. Reading the fleet and applying it happen under
     * one lock, so a sync never applies a snapshot older than one already applied: a registration
     * that synced after committing stays in the book even while other registrations sync at once.
     */
    private void sync() {
        synchronized (syncLock) {
            FleetPaths.sync(book, plane.store().inTransaction(FleetPaths::of));
        }
    }

    /** A front door, gateway or egress pool of the score model. */
    private record Subject(SubjectKind kind, String id) {
        boolean covers(PathKey p) {
            switch (kind) {
                case FRONT_DOOR: return p.frontDoorId().value().equals(id);
                case GATEWAY: return p.gatewayId().value().equals(id);
                case EGRESS_POOL: return p.egressPoolId().value().equals(id);
                default: return false;
            }
        }
    }

    /** Raw success counts of one region. */
    private static final class Counts {
        final AtomicLong probes = new AtomicLong();
        final AtomicLong probesOk = new AtomicLong();
        final AtomicLong reports = new AtomicLong();
        final AtomicLong reportsOk = new AtomicLong();

        void probe(boolean ok) {
            // The success count first, so a reader never sees more successes than attempts.
            if (ok) {
                probesOk.incrementAndGet();
            }
            probes.incrementAndGet();
        }

        void report(boolean ok) {
            if (ok) {
                reportsOk.incrementAndGet();
            }
            reports.incrementAndGet();
        }

        VitalSigns.Success snapshot(RegionCode region) {
            long all = probes.get();
            long ok = Math.min(probesOk.get(), all);
            long rAll = reports.get();
            long rOk = Math.min(reportsOk.get(), rAll);
            return new VitalSigns.Success(region, all, ok, rAll, rOk);
        }
    }

    /** Configures a {@link ControlLoop}; the catalog and admission keys are required. */
    public static final class Builder {
        private final ControlPlane.Builder plane;
        private Clock clock = Clock.systemUTC();
        private ScoreConfig scoreConfig = ScoreConfig.defaults();
        private Duration heartbeatTtl;
        private SigningKey catalogKey;
        private SigningKey admissionKey;
        private Ranker ranker = new Ranker(RankingPolicy.DEFAULT);
        private Duration freshFor = CatalogBuilder.DEFAULT_FRESH_FOR;
        private Duration validFor = CatalogBuilder.DEFAULT_VALID_FOR;
        private Duration resignAfter;
        private Duration admissionValidFor = Duration.ofHours(24);
        private Executor executor = ForkJoinPool.commonPool();
        private final Map<RegionCode, List<RegionCode>> adjacency = new LinkedHashMap<>();
        private int recoveryPerRegion = 2;

        private Builder(ControlPlane.Builder plane) {
            this.plane = Require.nonNull("plane", plane);
        }

        /** The one clock of the plane, the score book and the publishers (default: system UTC). */
        public Builder clock(Clock v) { this.clock = Require.nonNull("clock", v); return this; }
        /** The score model's settings (default {@link ScoreConfig#defaults()}). */
        public Builder scoreConfig(ScoreConfig v) { this.scoreConfig = Require.nonNull("scoreConfig", v); return this; }
        /**
         * After how long without a heartbeat a gateway is stale: placement skips it, catalogs leave
         * it out and its score falls to zero. Default: the score config's.
         */
        public Builder heartbeatTtl(Duration v) { this.heartbeatTtl = Require.nonNull("heartbeatTtl", v); return this; }
        public Builder catalogKey(SigningKey v) { this.catalogKey = Require.nonNull("catalogKey", v); return this; }
        public Builder admissionKey(SigningKey v) { this.admissionKey = Require.nonNull("admissionKey", v); return this; }
        public Builder ranker(Ranker v) { this.ranker = Require.nonNull("ranker", v); return this; }
        /** How long a catalog stays fresh for clients (default 1 h). */
        public Builder catalogFreshFor(Duration v) { this.freshFor = Require.nonNull("catalogFreshFor", v); return this; }
        /** How long a catalog may be used while the control plane is unreachable (default 7 days). */
        public Builder catalogValidFor(Duration v) { this.validFor = Require.nonNull("catalogValidFor", v); return this; }
        /**
         * How old the last publication of unchanged content may get before it is re-signed (default:
         * half the freshness, so clients refetch a fresh catalog before theirs goes stale).
         */
        public Builder catalogResignAfter(Duration v) { this.resignAfter = Require.nonNull("catalogResignAfter", v); return this; }
        /** How long an admission set is valid (default 24 h). */
        public Builder admissionValidFor(Duration v) { this.admissionValidFor = Require.nonNull("admissionValidFor", v); return this; }
        /** Threads that help encode big catalogs (see {@link CatalogBuilder#executor}). */
        public Builder executor(Executor v) { this.executor = Require.nonNull("executor", v); return this; }
        /** Lets {@code region}'s catalogs carry recovery entries from {@code neighbours}, tried in that order. */
        public Builder adjacent(RegionCode region, List<RegionCode> neighbours) {
            Require.nonNull("region", region);
            adjacency.put(region, List.copyOf(Require.nonNull("neighbours", neighbours)));
            return this;
        }
        /** How many recovery entries each adjacent region contributes at most (default 2). */
        public Builder recoveryEntriesPerRegion(int v) { this.recoveryPerRegion = v; return this; }

        public ControlLoop build() {
            Require.nonNull("catalogKey", catalogKey);
            Require.nonNull("admissionKey", admissionKey);
            return new ControlLoop(this);
        }
    }
}
