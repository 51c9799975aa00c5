package dev.damm.core.publish;

import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.ComponentRole;
import dev.damm.core.catalog.PathComponent;
import dev.damm.core.catalog.SignedCatalog;
import dev.damm.core.enroll.Secrets;
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
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Publishes the signed catalog of one scope (region, access tier): ranks the scope's paths by
 * score with the ranker's diversity caps, groups the ranked paths into catalog entries (one per
 * gateway and egress pool, its front doors in rank order, demoted ones marked so), signs, and
 * records the publication so serials only ever grow, across servers too.
 */
public final class CatalogPublisher {
    static final String KIND = "catalog";

    private final DammStore store;
    private final Clock clock;
    private final Ranker ranker;
    private final SigningKey catalogKey;
    private final Duration freshFor;
    private final Duration validFor;
    private final Executor executor;

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
        this.executor = Require.nonNull("executor", executor);
        this.store = Require.nonNull("store", store);
        this.clock = Require.nonNull("clock", clock);
        this.ranker = Require.nonNull("ranker", ranker);
        this.catalogKey = Require.nonNull("catalogKey", catalogKey);
        this.freshFor = Require.nonNull("freshFor", freshFor);
        this.validFor = Require.nonNull("validFor", validFor);
    }

    /** A published catalog and the ranking it came from (for operators: relaxed diversity shows here). */
    public record Published(SignedCatalog catalog, Ranking ranking) {}

    public Published publish(CatalogScope scope, ScoreSource scores) {
        Require.nonNull("scope", scope);
        Require.nonNull("scores", scores);
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Map<GatewayId, Gateway> gateways = new HashMap<>();
            tx.gateways().list().forEach(g -> gateways.put(g.id(), g));
            Map<EgressPoolId, EgressPool> pools = new HashMap<>();
            tx.egressPools().list().forEach(p -> pools.put(p.id(), p));
            List<PathDescriptor> inScope = FleetPaths.of(List.copyOf(gateways.values()), List.copyOf(pools.values())).stream()
                    .filter(d -> d.region().equals(scope.region())).toList();
            List<RankCandidate> candidates = RankCandidates.from(scores, inScope);
            Ranking ranking = ranker.rank(new RankingScope(scope.region(), scope.accessTier()), candidates);

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
            long serial = tx.publications().lastSerial(KIND, scope.key()).orElse(0) + 1;
            SignedCatalog signed = CatalogBuilder.builder().scope(scope).serial(serial).clock(clock).freshFor(freshFor).validFor(validFor)
                    .executor(executor).addEntries(entries).sign(catalogKey);
            tx.publications().record(new Publication(KIND, scope.key(), serial, Secrets.sha256Hex(signed.toJson()), now));
            return new Published(signed, ranking);
        });
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
}
