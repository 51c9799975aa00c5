package dev.damm.core.publish;

import dev.damm.core.internal.publish.SerialRace;
import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.ComponentRole;
import dev.damm.core.catalog.PathComponent;
import dev.damm.core.catalog.SignedCatalog;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.rank.RankCandidate;
import dev.damm.core.rank.RankCandidates;
import dev.damm.core.rank.RankedPath;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.Ranking;
import dev.damm.core.rank.RankingScope;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ScoreSource;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.Publication;
import dev.damm.core.trust.SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Publishes the signed catalog of one scope (region, access tier): ranks the scope's paths by
 * score with the ranker's diversity caps, groups the ranked paths into catalog entries (one per
 * gateway and egress pool, its front doors in rank order, demoted ones marked so), signs, and
 * records the publication so serials only ever grow, across servers too.
 *
 * <p>Only gateways whose last heartbeat is within the heartbeat TTL are listed: a gateway that
 * stopped heartbeating leaves the next catalog whatever the score model still believes, and
 * returns once it heartbeats again. A scope may also carry a bounded number of recovery entries,
 * the best paths of its configured adjacent regions, marked as such (see
 * {@link CatalogEntry#recoveryFrom()}).
 *
 * <p>Publishing is two steps so a caller can skip the second: {@link #draft} says what the
 * catalog would list now, with a digest of that content; {@link #sign} gives a draft the next
 * serial, signs it and records the publication's time, serial and content digest. Thread-safe.
 */
public final class CatalogPublisher {
    static final String KIND = "catalog";
    /** Default heartbeat TTL: the same 90 s the control plane's placement uses. */
    public static final Duration DEFAULT_HEARTBEAT_TTL = Duration.ofSeconds(90);

    private final DammStore store;
    private final Clock clock;
    private final Ranker ranker;
    private final SigningKey catalogKey;
    private final Duration freshFor;
    private final Duration validFor;
    private final Executor executor;
    private final Duration heartbeatTtl;
    private final Map<RegionCode, List<RegionCode>> adjacency;
    private final int recoveryPerRegion;

    /** A publisher whose big catalogs are encoded with the common pool's help (see {@link CatalogBuilder#executor}). */
    public CatalogPublisher(DammStore store, Clock clock, Ranker ranker, SigningKey catalogKey, Duration freshFor, Duration validFor) {
        this(store, clock, ranker, catalogKey, freshFor, validFor, ForkJoinPool.commonPool());
    }

    /**
     * A publisher whose catalogs of {@value CatalogBuilder#PARALLEL_THRESHOLD} entries or more are
     * encoded and enveloped with the help of {@code executor}'s threads; smaller ones (a region's
     * top paths) stay on the publishing thread.
     */
    public CatalogPublisher(DammStore store, Clock clock, Ranker ranker, SigningKey catalogKey, Duration freshFor, Duration validFor,
                            Executor executor) {
        this(builder(store, catalogKey).clock(clock).ranker(ranker).freshFor(freshFor).validFor(validFor).executor(executor));
    }

    private CatalogPublisher(Builder b) {
        this.executor = Require.nonNull("executor", b.executor);
        this.store = Require.nonNull("store", b.store);
        this.clock = Require.nonNull("clock", b.clock);
        this.ranker = Require.nonNull("ranker", b.ranker);
        this.catalogKey = Require.nonNull("catalogKey", b.catalogKey);
        this.freshFor = Require.nonNull("freshFor", b.freshFor);
        this.validFor = Require.nonNull("validFor", b.validFor);
        this.heartbeatTtl = b.heartbeatTtl;
        this.adjacency = Map.copyOf(b.adjacency);
        this.recoveryPerRegion = b.recoveryPerRegion;
    }

    /** Starts a publisher over {@code store} signing with {@code catalogKey}; every other setting has a default. */
    public static Builder builder(DammStore store, SigningKey catalogKey) {
        return new Builder(store, catalogKey);
    }

    /** How long a catalog stays fresh for clients; a re-sign is due before it runs out. */
    public Duration freshFor() {
        return freshFor;
    }

    /**
     * What a scope's catalog would list now, not yet signed.
     *
     * @param contentDigest {@link CatalogBuilder#contentDigest()} of the entries: equal digests, same content
     */
    public record Draft(CatalogScope scope, List<CatalogEntry> entries, Ranking ranking, String contentDigest) {
        public Draft {
            Require.nonNull("scope", scope);
            entries = List.copyOf(Require.nonNull("entries", entries));
            Require.nonNull("ranking", ranking);
            Require.matches("contentDigest", contentDigest, dev.damm.core.internal.model.Shapes.SHA256_HEX, 64, "64 hex digits");
        }
    }

    /**
     * A published catalog, the ranking it came from (for operators: relaxed diversity shows here)
     * and the record of its publication (time, serial, content digest).
     */
    public record Published(SignedCatalog catalog, Ranking ranking, Publication publication) {
        public Published {
            Require.nonNull("catalog", catalog);
            Require.nonNull("ranking", ranking);
            Require.nonNull("publication", publication);
        }

        /** The digest of what the catalog says, independent of its serial and signing time. */
        public String contentDigest() {
            return publication.sha256();
        }
    }

    /** Drafts and signs the scope's catalog: a new serial whatever the last publication said. */
    public Published publish(CatalogScope scope, ScoreSource scores) {
        return sign(draft(scope, scores));
    }

    /** Ranks and groups the scope's paths as they stand now (gateways with a fresh heartbeat only). */
    public Draft draft(CatalogScope scope, ScoreSource scores) {
        Require.nonNull("scope", scope);
        Require.nonNull("scores", scores);
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Map<GatewayId, Gateway> gateways = new HashMap<>();
            for (Gateway g : tx.gateways().list()) {
                if (g.isHealthy(now, heartbeatTtl)) {
                    gateways.put(g.id(), g);
                }
            }
            Map<EgressPoolId, EgressPool> pools = new HashMap<>();
            tx.egressPools().list().forEach(p -> pools.put(p.id(), p));
            List<PathDescriptor> fleet = FleetPaths.of(List.copyOf(gateways.values()), List.copyOf(pools.values()));
            Ranking ranking = rank(scope.region(), scope.accessTier(), fleet, scores);
            List<CatalogEntry> entries = new ArrayList<>(entries(ranking, gateways, pools, scores));
            Set<String> listed = new java.util.HashSet<>();
            entries.forEach(e -> listed.add(e.pathId()));
            int room = Catalog.MAX_RECOVERY_ENTRIES;
            for (RegionCode other : adjacency.getOrDefault(scope.region(), List.of())) {
                List<CatalogEntry> theirs = entries(rank(other, scope.accessTier(), fleet, scores), gateways, pools, scores);
                for (int i = 0, taken = 0; i < theirs.size() && taken < recoveryPerRegion && room > 0; i++) {
                    if (listed.add(theirs.get(i).pathId())) {
                        entries.add(theirs.get(i).asRecoveryFrom(other));
                        taken++;
                        room--;
                    }
                }
            }
            String digest = CatalogBuilder.builder().scope(scope).addEntries(entries).contentDigest();
            return new Draft(scope, entries, ranking, digest);
        });
    }

    /**
     * Gives {@code draft} the scope's next serial, signs it and records the publication. Another
     * server publishing the same scope at once may record that serial first: the store then
     * refuses this one (CONFLICT), whose signed bytes are dropped unserved, and the draft is
     * signed again with the serial after, so no two catalogs ever carry one serial.
     */
    public Published sign(Draft draft) {
        Require.nonNull("draft", draft);
        return SerialRace.signUntilRecorded(() -> signOnce(draft));
    }

    private Published signOnce(Draft draft) {
        Instant now = clock.instant();
        CatalogScope scope = draft.scope();
        return store.inTransaction(tx -> {
            long serial = tx.publications().lastSerial(KIND, scope.key()).orElse(0) + 1;
            SignedCatalog signed = CatalogBuilder.builder().scope(scope).serial(serial).clock(clock).freshFor(freshFor).validFor(validFor)
                    .executor(executor).addEntries(draft.entries()).sign(catalogKey);
            Publication publication = new Publication(KIND, scope.key(), serial, draft.contentDigest(), now);
            tx.publications().record(publication);
            return new Published(signed, draft.ranking(), publication);
        });
    }

    /** The last publications of {@code scope} recorded in the store, newest first, at most {@code limit}. */
    public List<Publication> history(CatalogScope scope, int limit) {
        Require.nonNull("scope", scope);
        Require.range("limit", limit, 1, 100_000);
        return store.inTransaction(tx -> tx.publications().recent(KIND, scope.key(), limit));
    }

    /** The last publication of {@code scope} recorded in the store, by any server. */
    public Optional<Publication> lastPublication(CatalogScope scope) {
        return history(scope, 1).stream().findFirst();
    }

    private Ranking rank(RegionCode region, String tier, List<PathDescriptor> fleet, ScoreSource scores) {
        List<PathDescriptor> inRegion = fleet.stream().filter(d -> d.region().equals(region)).toList();
        return ranker.rank(new RankingScope(region, tier), RankCandidates.from(scores, inRegion));
    }

    private static List<CatalogEntry> entries(Ranking ranking, Map<GatewayId, Gateway> gateways, Map<EgressPoolId, EgressPool> pools,
                                              ScoreSource scores) {
        Map<String, EntryDraft> drafts = new LinkedHashMap<>();
        for (RankedPath rp : ranking.entries()) {
            Gateway g = gateways.get(rp.path().gatewayId());
            EgressPool pool = pools.get(rp.path().egressPoolId());
            FrontDoor door = g.frontDoor(rp.path().frontDoorId()).orElseThrow();
            EntryDraft d = drafts.computeIfAbsent(g.id().value() + ":" + pool.id().value(), k -> new EntryDraft(k, g, pool, rp.score()));
            if (d.doors.size() < CatalogEntry.MAX_FRONT_DOORS) {
                boolean demoted = scores.frontDoorState(door.id()).map(s -> s == FrontDoorState.DEMOTED).orElse(false);
                d.doors.add(dev.damm.core.catalog.FrontDoor.published(door, demoted));
            }
        }
        List<CatalogEntry> entries = new ArrayList<>();
        for (EntryDraft d : drafts.values()) {
            entries.add(new CatalogEntry(d.id, List.of(PathComponent.of(ComponentRole.INGRESS, d.gateway.providerId()),
                    PathComponent.of(ComponentRole.EGRESS, d.pool.providerId())), published(d.score), d.gateway.publicKey().orElseThrow(),
                    d.pool.exitCountries().iterator().next(), d.doors));
        }
        return entries;
    }

    /**
     * Scores are published to three decimals: clients only compare them, a thousandth is finer than
     * any real difference between paths, and sixteen digits of noise per entry cost catalog bytes.
     */
    static double published(double score) {
        return Math.round(score * 1000.0) / 1000.0;
    }

    private static final class EntryDraft {
        final String id;
        final Gateway gateway;
        final EgressPool pool;
        final double score;
        final List<dev.damm.core.catalog.FrontDoor> doors = new ArrayList<>();

        EntryDraft(String id, Gateway gateway, EgressPool pool, double score) {
            this.id = id;
            this.gateway = gateway;
            this.pool = pool;
            this.score = score;
        }
    }

    /** Configures a {@link CatalogPublisher}. */
    public static final class Builder {
        private final DammStore store;
        private final SigningKey catalogKey;
        private Clock clock = Clock.systemUTC();
        private Ranker ranker = new Ranker(dev.damm.core.rank.RankingPolicy.DEFAULT);
        private Duration freshFor = CatalogBuilder.DEFAULT_FRESH_FOR;
        private Duration validFor = CatalogBuilder.DEFAULT_VALID_FOR;
        private Executor executor = ForkJoinPool.commonPool();
        private Duration heartbeatTtl = DEFAULT_HEARTBEAT_TTL;
        private final Map<RegionCode, List<RegionCode>> adjacency = new HashMap<>();
        private int recoveryPerRegion = 2;

        private Builder(DammStore store, SigningKey catalogKey) {
            this.store = Require.nonNull("store", store);
            this.catalogKey = Require.nonNull("catalogKey", catalogKey);
        }

        public Builder clock(Clock v) { this.clock = Require.nonNull("clock", v); return this; }
        public Builder ranker(Ranker v) { this.ranker = Require.nonNull("ranker", v); return this; }
        public Builder freshFor(Duration v) { this.freshFor = Require.nonNull("freshFor", v); return this; }
        public Builder validFor(Duration v) { this.validFor = Require.nonNull("validFor", v); return this; }
        /** Threads that help encode catalogs of {@value CatalogBuilder#PARALLEL_THRESHOLD} entries or more. */
        public Builder executor(Executor v) { this.executor = Require.nonNull("executor", v); return this; }

        /** A gateway whose last heartbeat is older than this is left out of catalogs (default 90 s). */
        public Builder heartbeatTtl(Duration v) {
            Require.nonNull("heartbeatTtl", v);
            if (v.isNegative() || v.isZero()) {
                throw DammException.invalid("heartbeatTtl", "must be positive");
            }
            this.heartbeatTtl = v;
            return this;
        }

        /**
         * Lets {@code region}'s catalogs carry recovery entries from {@code neighbours}, in that order
         * (the first is tried first by clients); replaces any earlier adjacency of {@code region}.
         */
        public Builder adjacent(RegionCode region, List<RegionCode> neighbours) {
            Require.nonNull("region", region);
            List<RegionCode> list = List.copyOf(Require.elements("neighbours", neighbours, Catalog.MAX_RECOVERY_ENTRIES));
            if (list.contains(region)) {
                throw DammException.invalid("neighbours", "region " + region + " cannot be its own recovery region");
            }
            if (new java.util.HashSet<>(list).size() != list.size()) {
                throw DammException.invalid("neighbours", "must not repeat a region");
            }
            adjacency.put(region, list);
            return this;
        }

        /**
         * How many recovery entries each adjacent region contributes, at most (default 2); the
         * catalog's total stays within {@value Catalog#MAX_RECOVERY_ENTRIES}.
         */
        public Builder recoveryEntriesPerRegion(int v) {
            this.recoveryPerRegion = Require.range("recoveryEntriesPerRegion", v, 1, Catalog.MAX_RECOVERY_ENTRIES);
            return this;
        }

        public CatalogPublisher build() {
            return new CatalogPublisher(this);
        }
    }
}
