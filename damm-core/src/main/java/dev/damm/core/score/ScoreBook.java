package dev.damm.core.score;
import dev.damm.core.internal.score.HalfLife;

import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.GatewayId;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.provider.ProviderId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every registered path from recency-decayed observations and moves front doors, gateways
 * and egress pools in and out of service with hysteresis.
 *
 * <p>Each observation updates its path (a heartbeat: its gateway) in O(1) without allocating. The
 * aggregates of front doors, gateways, egress pools, providers and transport tiers are the sums
 * of their paths' estimators, added up when read. Scores are computed when asked, at the injected clock's time, so they keep decaying between observations. Threshold
 * states move only in {@link #evaluate()}, which the control loop calls on its tick; each
 * crossing is a {@link ThresholdEvent} with its time, kept in a bounded log and handed to the
 * listeners. The model is described in {@code docs/score-model.md}.
 *
 * <p><b>Locking:</b> one private lock guards all state. Every public method holds it for its
 * whole (short, I/O-free) body, so each call sees and leaves a consistent book; ingest holds it
 * for one hash lookup and a few dozen arithmetic operations. Listeners run after the lock is
 * released, on the thread that called {@link #evaluate()}, so they may call back into the book.
 *
 * <p>Bad input changes nothing: an observation for an unregistered path is {@code NOT_FOUND}
 * ("path: ..."), a heartbeat from an unknown gateway {@code GATEWAY_NOT_REGISTERED}, a time
 * beyond the skew allowance or older than the maximum age {@code INVALID_ARGUMENT} ("at: ..."),
 * and values out of range never get past the observation records' constructors.
 */
public final class ScoreBook implements ScoreSource {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreBook.class);
    /** Below this decayed sample count a subject has no score: a lone reading hours old is no data. */
    static final double NO_DATA_BELOW = 0.01;
    /** The landmark moves forward after this many half-lives, keeping e^(λΔt) far from overflow. */
    private static final double RENORMALISE_AFTER_HALF_LIVES = 24;
    private static final SubjectKind[] THRESHOLD_KINDS = {SubjectKind.FRONT_DOOR, SubjectKind.GATEWAY, SubjectKind.EGRESS_POOL};

    private final Object lock = new Object();
    private final ScoreConfig config;
    private final Clock clock;
    private final List<ThresholdListener> listeners;
    private final HalfLife decay;
    private final long renormaliseAfterMillis;
    private final long skewMillis;
    private final long maxAgeMillis;
    private final long ttlMillis;
    private final double minConfidence;
    private final ScoreWeights w;

    private final PathTable paths = new PathTable();
    private final EnumMap<SubjectKind, HashMap<String, Aggregate>> aggregates = new EnumMap<>(SubjectKind.class);
    private final ArrayDeque<ThresholdEvent> eventLog = new ArrayDeque<>();
    /** Scratch for the three latency quantiles; only touched under the lock. */
    private final double[] quantileScratch = new double[3];
    /** Scratch for an aggregate's sums while it is read; only touched under the lock. */
    private final DecayedStats sumScratch = new DecayedStats(0);
    private long landmark;

    private ScoreBook(Builder b) {
        this.config = Require.nonNull("config", b.config);
        this.clock = Require.nonNull("clock", b.clock);
        this.listeners = List.copyOf(b.listeners);
        this.decay = HalfLife.of(config.halfLife());
        this.renormaliseAfterMillis = (long) (RENORMALISE_AFTER_HALF_LIVES * decay.millis());
        this.skewMillis = config.clockSkewAllowance().toMillis();
        this.maxAgeMillis = config.maxObservationAge().toMillis();
        this.ttlMillis = config.heartbeatTtl().toMillis();
        this.minConfidence = config.minConfidence();
        this.w = config.weights();
        for (SubjectKind kind : SubjectKind.values()) {
            aggregates.put(kind, new HashMap<>());
        }
        this.landmark = clock.millis();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ScoreConfig config() {
        return config;
    }

    // ---- registration ---------------------------------------------------------------------

    /**
     * Registers a path so its observations are accepted. Registering the same descriptor again
     * is a no-op that returns false.
     *
     * @throws DammException {@code CONFLICT} when the key is registered with another descriptor,
     *     or the front door already belongs to another gateway
     */
    public boolean register(PathDescriptor descriptor) {
        Require.nonNull("path", descriptor);
        PathKey key = descriptor.key();
        synchronized (lock) {
            PathEntry existing = paths.get(key);
            if (existing != null) {
                if (existing.descriptor.equals(descriptor)) {
                    return false;
                }
                throw new DammException(ErrorCode.CONFLICT, "path: " + key + " is already registered as " + existing.descriptor);
            }
            Aggregate knownFrontDoor = aggregates.get(SubjectKind.FRONT_DOOR).get(key.frontDoorId().value());
            if (knownFrontDoor != null && !knownFrontDoor.gateway.id.equals(key.gatewayId().value())) {
                throw new DammException(ErrorCode.CONFLICT, "path.frontDoorId: " + key.frontDoorId()
                        + " belongs to gateway " + knownFrontDoor.gateway.id + ", not " + key.gatewayId());
            }
            long now = clock.millis();
            Aggregate gateway = aggregate(SubjectKind.GATEWAY, key.gatewayId().value(), null, now);
            Aggregate frontDoor = aggregate(SubjectKind.FRONT_DOOR, key.frontDoorId().value(), gateway, now);
            Aggregate pool = aggregate(SubjectKind.EGRESS_POOL, key.egressPoolId().value(), null, now);
            Aggregate provider = aggregate(SubjectKind.PROVIDER, descriptor.providerId().value(), null, now);
            Aggregate transport = aggregate(SubjectKind.TRANSPORT, descriptor.transport().name(), null, now);
            PathEntry e = new PathEntry(descriptor, landmark, frontDoor, gateway, pool, provider, transport);
            paths.add(e);
            frontDoor.join(e);
            gateway.join(e);
            pool.join(e);
            provider.join(e);
            transport.join(e);
            return true;
        }
    }

    private Aggregate aggregate(SubjectKind kind, String id, Aggregate gateway, long now) {
        return aggregates.get(kind).computeIfAbsent(id, k -> new Aggregate(kind, k, landmark, gateway, now));
    }

    /**
     * Forgets a path. Aggregates keep what it contributed until it decays; an aggregate (and its
     * threshold state) is forgotten with its last path. Returns false when the path was unknown.
     */
    public boolean unregister(PathKey key) {
        Require.nonNull("path", key);
        synchronized (lock) {
            PathEntry e = paths.remove(key);
            if (e == null) {
                return false;
            }
            sync(e);
            release(e.frontDoor, e);
            release(e.gateway, e);
            release(e.egressPool, e);
            release(e.provider, e);
            release(e.transport, e);
            return true;
        }
    }

    /** Takes a leaving path out of an aggregate, which keeps the path's sums as its own. */
    private void release(Aggregate a, PathEntry e) {
        if (a.leave(e)) {
            aggregates.get(a.kind).remove(a.id);
        } else {
            sync(a);
            a.add(e);
        }
    }

    /** Every registered path, in key order. */
    public List<PathDescriptor> paths() {
        synchronized (lock) {
            List<PathDescriptor> out = new ArrayList<>(paths.size());
            paths.forEach(e -> out.add(e.descriptor));
            out.sort((a, b) -> a.key().compareTo(b.key()));
            return out;
        }
    }

    /** The descriptor of a registered path. */
    public Optional<PathDescriptor> descriptor(PathKey key) {
        synchronized (lock) {
            PathEntry e = paths.get(key);
            return e == null ? Optional.empty() : Optional.of(e.descriptor);
        }
    }

    // ---- ingest ---------------------------------------------------------------------------

    /**
     * Learns from one observation. O(1), allocation-free on success.
     *
     * @throws DammException {@code NOT_FOUND} for an unregistered path, {@code GATEWAY_NOT_REGISTERED}
     *     for a heartbeat from a gateway with no registered path, {@code INVALID_ARGUMENT} for a
     *     time beyond the skew allowance or older than the maximum age; the book is unchanged
     */
    public void ingest(Observation observation) {
        Require.nonNull("observation", observation);
        long now = clock.millis();
        long t = checkTime(observation.at(), now);
        if (observation instanceof Heartbeat) {
            ingestHeartbeat((Heartbeat) observation, t);
            return;
        }
        Observation.OnPath o = (Observation.OnPath) observation;
        // Hashing the key and bucketing the RTT need no lock: the critical section keeps to the book's state.
        int hash = o.path().hashCode();
        int bucket = rttBucket(o);
        synchronized (lock) {
            PathEntry e = paths.get(o.path(), hash);
            if (e == null) {
                throw new DammException(ErrorCode.NOT_FOUND, "path: " + o.path() + " is not registered");
            }
            double weight = weightAt(t);
            sync(e);
            if (o instanceof ProbeResult) {
                e.probe(t, weight, ((ProbeResult) o).reachable(), bucket);
            } else if (o instanceof HandshakeAttempt) {
                boolean ok = ((HandshakeAttempt) o).succeeded();
                e.handshake(t, weight, ok);
            } else if (o instanceof LatencySample) {
                e.latency(t, weight, bucket);
            } else if (o instanceof ThroughputSample) {
                ThroughputSample s = (ThroughputSample) o;
                double x = decay.halfLives(t - landmark);
                double ratio = s.ratio();
                e.advertisedMbps = (float) s.advertisedMbps();
                e.throughput(t, weight, x, ratio);
            } else {
                ClientReport c = (ClientReport) o;
                boolean ok = c.succeeded();
                double x = decay.halfLives(t - landmark);
                double ratio = c.throughputMbps().isPresent() && e.advertisedMbps > 0
                        ? Math.min(1.0, c.throughputMbps().getAsDouble() / e.advertisedMbps) : -1;
                e.client(t, weight, ok, bucket, x, ratio);
            }
        }
    }

    private void ingestHeartbeat(Heartbeat hb, long t) {
        synchronized (lock) {
            Aggregate gw = aggregates.get(SubjectKind.GATEWAY).get(hb.gatewayId().value());
            if (gw == null) {
                throw new DammException(ErrorCode.GATEWAY_NOT_REGISTERED,
                        "gatewayId: no registered path runs through gateway " + hb.gatewayId());
            }
            double weight = weightAt(t);
            sync(gw);
            gw.heartbeat(t, weight, hb.load());
        }
    }

    /** The latency bucket of the RTT an observation carries, or -1 when it carries none. */
    private static int rttBucket(Observation.OnPath o) {
        if (o instanceof ProbeResult) {
            OptionalDouble rtt = ((ProbeResult) o).rttMillis();
            return rtt.isPresent() ? LatencyHistogram.bucketOf(rtt.getAsDouble()) : -1;
        }
        if (o instanceof LatencySample) {
            return LatencyHistogram.bucketOf(((LatencySample) o).rttMillis());
        }
        if (o instanceof ClientReport) {
            OptionalDouble rtt = ((ClientReport) o).rttMillis();
            return rtt.isPresent() ? LatencyHistogram.bucketOf(rtt.getAsDouble()) : -1;
        }
        return -1;
    }

    private long checkTime(Instant at, long now) {
        Require.nonNull("at", at);
        // Compare seconds first: toEpochMilli overflows for instants far from now.
        long sec = at.getEpochSecond();
        long nowSec = Math.floorDiv(now, 1000);
        boolean tooNew = sec > nowSec + skewMillis / 1000 + 1;
        boolean tooOld = sec < nowSec - maxAgeMillis / 1000 - 1;
        long t = tooNew || tooOld ? 0 : at.toEpochMilli();
        if (tooNew || t - now > skewMillis) {
            throw DammException.invalid("at", "must be at most " + config.clockSkewAllowance()
                    + " ahead of the clock (" + Instant.ofEpochMilli(now) + "), was " + at);
        }
        if (tooOld || now - t > maxAgeMillis) {
            throw DammException.invalid("at", "must be at most " + config.maxObservationAge()
                    + " old (clock " + Instant.ofEpochMilli(now) + "), was " + at);
        }
        return t;
    }

    /** Forward-decay weight of an observation at {@code t}; moves the landmark when it grew stale. */
    private double weightAt(long t) {
        if (t - landmark > renormaliseAfterMillis) {
            landmark = t;
        }
        return decay.factor(landmark - t);
    }

    private void sync(DecayedStats s) {
        if (s.landmark != landmark) {
            s.rescaleTo(landmark, decay);
        }
    }

    // ---- scores ---------------------------------------------------------------------------

    @Override
    public Optional<Score> pathScore(PathKey path) {
        Require.nonNull("path", path);
        synchronized (lock) {
            PathEntry e = paths.get(path);
            return e == null ? Optional.empty() : scoreOf(e, e.gateway, e.gateway, clock.millis());
        }
    }

    /** Scores of many paths under one lock acquisition; paths without a score are left out. */
    @Override
    public Map<PathKey, Score> pathScores(Collection<PathKey> keys) {
        Require.elements("paths", keys, Integer.MAX_VALUE);
        Map<PathKey, Score> out = new HashMap<>(Math.max(16, keys.size() * 2));
        synchronized (lock) {
            long now = clock.millis();
            Instant at = Instant.ofEpochMilli(now);
            for (PathKey key : keys) {
                PathEntry e = paths.get(key);
                if (e == null) {
                    continue;
                }
                double confidence = confidence(e, e.gateway, now);
                double value = composite(e, e.gateway, now, confidence);
                if (!Double.isNaN(value)) {
                    out.put(key, new Score(value, confidence, at));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<Score> gatewayScore(GatewayId gatewayId) {
        return score(SubjectKind.GATEWAY, gatewayId.value());
    }

    @Override
    public Optional<Score> frontDoorScore(FrontDoorId frontDoorId) {
        return score(SubjectKind.FRONT_DOOR, frontDoorId.value());
    }

    @Override
    public Optional<Score> egressPoolScore(EgressPoolId egressPoolId) {
        return score(SubjectKind.EGRESS_POOL, egressPoolId.value());
    }

    /** The aggregate score of a provider. */
    public Optional<Score> providerScore(ProviderId providerId) {
        return score(SubjectKind.PROVIDER, providerId.value());
    }

    /** The aggregate score of a transport tier. */
    public Optional<Score> transportScore(TransportTier tier) {
        Require.nonNull("transport", tier);
        return score(SubjectKind.TRANSPORT, tier.name());
    }

    /** The aggregate score of any subject; empty when unknown or without data. */
    public Optional<Score> score(SubjectKind kind, String id) {
        Require.nonNull("kind", kind);
        Require.nonNull("id", id);
        synchronized (lock) {
            Aggregate a = aggregates.get(kind).get(id);
            return a == null ? Optional.empty() : scoreOf(sumOf(a), a.gateway, heartbeatsAdded(a), clock.millis());
        }
    }

    /** Every estimator of a path; empty when the path is unknown. */
    public Optional<ScoreBreakdown> breakdown(PathKey path) {
        Require.nonNull("path", path);
        synchronized (lock) {
            PathEntry e = paths.get(path);
            return e == null ? Optional.empty() : Optional.of(breakdownOf(e, e.gateway, e.gateway, clock.millis()));
        }
    }

    /** Every estimator of an aggregate; empty when the subject is unknown. */
    public Optional<ScoreBreakdown> breakdown(SubjectKind kind, String id) {
        Require.nonNull("kind", kind);
        synchronized (lock) {
            Aggregate a = aggregates.get(kind).get(id);
            return a == null ? Optional.empty() : Optional.of(breakdownOf(sumOf(a), a.gateway, heartbeatsAdded(a), clock.millis()));
        }
    }

    /**
     * The sums of an aggregate: its own (heartbeats, paths that left) plus its registered paths',
     * each brought to the book's landmark. Returns the lock-guarded scratch object, valid until the
     * next call.
     */
    private DecayedStats sumOf(Aggregate a) {
        DecayedStats sum = sumScratch;
        sum.clear(landmark);
        if (a.lastObservedAt != Long.MIN_VALUE) {
            sync(a);
            sum.add(a);
        }
        PathEntry[] members = a.members;
        for (int i = 0, n = a.paths; i < n; i++) {
            PathEntry e = members[i];
            if (e.lastObservedAt != Long.MIN_VALUE) {
                sync(e);
                sum.add(e);
            }
        }
        return sum;
    }

    /**
     * The gateway whose heartbeats count towards an aggregate's confidence on top of its sums:
     * none for a gateway, whose own sums hold its heartbeats already.
     */
    private static Aggregate heartbeatsAdded(Aggregate a) {
        return a.kind == SubjectKind.GATEWAY ? null : a.gateway;
    }

    private Optional<Score> scoreOf(DecayedStats s, Aggregate gw, Aggregate heartbeats, long now) {
        double confidence = confidence(s, heartbeats, now);
        double value = composite(s, gw, now, confidence);
        return Double.isNaN(value) ? Optional.empty() : Optional.of(new Score(value, confidence, Instant.ofEpochMilli(now)));
    }

    private double decay(DecayedStats s, long now) {
        return decay.factor(now - s.landmark);
    }

    /** Decayed count of the observations behind a score: its own, plus its gateway's heartbeats. */
    private double confidence(DecayedStats s, Aggregate heartbeats, long now) {
        double c = s.total * decay(s, now);
        if (heartbeats != null && heartbeats != s) {
            c += heartbeats.heartbeatMass * decay(heartbeats, now);
        }
        return Double.isFinite(c) ? Math.max(0.0, c) : 0.0;
    }

    /** The weighted mean of the components that have data, in [0, 1]; NaN for no data. */
    private double composite(DecayedStats s, Aggregate gw, long now, double confidence) {
        if (confidence < NO_DATA_BELOW) {
            return Double.NaN;
        }
        double num = 0;
        double den = 0;
        if (s.probeAll > 0 && w.reachability() > 0) {
            num += w.reachability() * (s.probeOk / s.probeAll);
            den += w.reachability();
        }
        if (s.handshakeAll > 0 && w.handshake() > 0) {
            num += w.handshake() * (s.handshakeOk / s.handshakeAll);
            den += w.handshake();
        }
        if (s.clientAll > 0 && w.client() > 0) {
            num += w.client() * (s.clientOk / s.clientAll);
            den += w.client();
        }
        if (s.tw > 0 && w.throughput() > 0) {
            num += w.throughput() * throughputComponent(s);
            den += w.throughput();
        }
        if (w.latency() > 0) {
            double total = LatencyHistogram.total(s.latency);
            if (total > 0) {
                num += w.latency() * latencyComponent(s.latency, total);
                den += w.latency();
            }
        }
        double freshness = freshness(gw, now);
        if (!Double.isNaN(freshness) && w.heartbeat() > 0) {
            num += w.heartbeat() * freshness * (1.0 - config.heartbeatLoadPenalty() * gw.load);
            den += w.heartbeat();
        }
        if (den == 0) {
            return Double.NaN;
        }
        if (freshness == 0.0 && config.staleGatewayScoresZero()) {
            return 0.0;
        }
        double v = num / den;
        // Floating rounding may step a hair outside [0, 1]; the contract is the closed interval.
        return v < 0 ? 0.0 : (v > 1 ? 1.0 : v);
    }

    /** The decayed mean ratio, pulled down (never up) by a falling trend projected one half-life ahead. */
    private static double throughputComponent(DecayedStats s) {
        double mean = s.throughputMean();
        double slope = s.throughputSlope();
        double projected = Math.min(mean, mean + slope);
        return projected < 0 ? 0.0 : (projected > 1 ? 1.0 : projected);
    }

    /** Half the median's rating plus a quarter each of p90's and p99's, each ref / (ref + rtt). */
    private double latencyComponent(float[] buckets, double total) {
        double ref = config.latencyReferenceMillis();
        double[] q = quantileScratch;
        LatencyHistogram.quantiles(buckets, total, 0.50, 0.90, 0.99, q);
        return 0.5 * ref / (ref + q[0]) + 0.25 * ref / (ref + q[1]) + 0.25 * ref / (ref + q[2]);
    }

    /** 1 up to half the TTL, then linearly to 0 at the TTL; NaN when the gateway never heartbeated. */
    private double freshness(Aggregate gw, long now) {
        if (gw == null || gw.lastHeartbeatAt == Long.MIN_VALUE) {
            return Double.NaN;
        }
        long age = now - gw.lastHeartbeatAt;
        double half = ttlMillis / 2.0;
        if (age <= half) {
            return 1.0;
        }
        if (age >= ttlMillis) {
            return 0.0;
        }
        return (ttlMillis - age) / half;
    }

    private ScoreBreakdown breakdownOf(DecayedStats s, Aggregate gw, Aggregate heartbeats, long now) {
        double confidence = confidence(s, heartbeats, now);
        double value = composite(s, gw, now, confidence);
        double total = LatencyHistogram.total(s.latency);
        return new ScoreBreakdown(
                confidence,
                ratio(s.probeOk, s.probeAll),
                ratio(s.handshakeOk, s.handshakeAll),
                ratio(s.clientOk, s.clientAll),
                present(s.throughputMean()),
                present(s.throughputSlope()),
                present(LatencyHistogram.quantile(s.latency, total, 0.50)),
                present(LatencyHistogram.quantile(s.latency, total, 0.90)),
                present(LatencyHistogram.quantile(s.latency, total, 0.99)),
                present(freshness(gw, now)),
                s.lastObservedAt == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(s.lastObservedAt)),
                Double.isNaN(value) ? Optional.empty() : Optional.of(new Score(value, confidence, Instant.ofEpochMilli(now))));
    }

    private static OptionalDouble ratio(double part, double all) {
        return all > 0 ? OptionalDouble.of(part / all) : OptionalDouble.empty();
    }

    private static OptionalDouble present(double v) {
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    // ---- thresholds -----------------------------------------------------------------------

    /**
     * Advances every front door, gateway and egress pool state machine to the clock's current time
     * and returns the crossings, which are also logged and handed to the listeners. Subjects are
     * visited by kind (front doors, gateways, egress pools), then by id, so the order is stable.
     */
    public List<ThresholdEvent> evaluate() {
        List<ThresholdEvent> emitted = new ArrayList<>();
        synchronized (lock) {
            Instant at = clock.instant();
            long now = at.toEpochMilli();
            for (SubjectKind kind : THRESHOLD_KINDS) {
                Hysteresis h = config.hysteresis(kind);
                List<Aggregate> subjects = new ArrayList<>(aggregates.get(kind).values());
                subjects.sort((a, b) -> a.id.compareTo(b.id));
                for (Aggregate a : subjects) {
                    DecayedStats sum = sumOf(a);
                    double confidence = confidence(sum, heartbeatsAdded(a), now);
                    double value = composite(sum, a.gateway, now, confidence);
                    a.machine.step(h, now, at, value, confidence, minConfidence, emitted);
                }
            }
            for (ThresholdEvent e : emitted) {
                if (eventLog.size() == config.eventLogCapacity()) {
                    eventLog.removeFirst();
                }
                eventLog.addLast(e);
            }
        }
        for (ThresholdEvent e : emitted) {
            for (ThresholdListener l : listeners) {
                try {
                    l.onThresholdEvent(e);
                } catch (RuntimeException ex) {
                    LOG.warn("threshold listener {} failed on {}", l, e, ex);
                }
            }
        }
        return Collections.unmodifiableList(emitted);
    }

    /**
     * The threshold state of a front door, gateway or egress pool; empty when unknown.
     *
     * @throws DammException {@code INVALID_ARGUMENT} for a kind without thresholds
     */
    public Optional<SubjectState> state(SubjectKind kind, String id) {
        Require.nonNull("kind", kind);
        if (!kind.hasThresholds()) {
            throw DammException.invalid("kind", kind + " has no thresholds");
        }
        synchronized (lock) {
            Aggregate a = aggregates.get(kind).get(id);
            return a == null ? Optional.empty() : Optional.of(a.machine.state());
        }
    }

    @Override
    public Optional<FrontDoorState> frontDoorState(FrontDoorId frontDoorId) {
        // A subject still in service is listed at its priority; one out of service stays listed as a failover target.
        return state(SubjectKind.FRONT_DOOR, frontDoorId.value()).map(s -> s.inService() ? FrontDoorState.ACTIVE : FrontDoorState.DEMOTED);
    }

    @Override
    public boolean isGatewayInCatalog(GatewayId gatewayId) {
        return state(SubjectKind.GATEWAY, gatewayId.value()).map(SubjectState::inService).orElse(false);
    }

    @Override
    public boolean isEgressPoolUsable(EgressPoolId egressPoolId) {
        return state(SubjectKind.EGRESS_POOL, egressPoolId.value()).map(SubjectState::inService).orElse(false);
    }

    /** The threshold events still in the log, oldest first. */
    public List<ThresholdEvent> events() {
        synchronized (lock) {
            return List.copyOf(eventLog);
        }
    }

    /**
     * Mean time from a subject going bad (first dip below its threshold) to its removal, over the
     * events still in the log; see {@link ThresholdEvents#meanTimeToRemoval}.
     */
    public Optional<Duration> meanTimeToRemoval(SubjectKind kind) {
        return ThresholdEvents.meanTimeToRemoval(events(), kind);
    }

    /** Counts of subjects per threshold state, for one kind. */
    public Map<SubjectState, Integer> stateCounts(SubjectKind kind) {
        Require.nonNull("kind", kind);
        synchronized (lock) {
            EnumMap<SubjectState, Integer> counts = new EnumMap<>(SubjectState.class);
            for (SubjectState s : SubjectState.values()) {
                counts.put(s, 0);
            }
            if (kind.hasThresholds()) {
                for (Aggregate a : aggregates.get(kind).values()) {
                    counts.merge(a.machine.state(), 1, Integer::sum);
                }
            }
            return counts;
        }
    }

    /** Builds a {@link ScoreBook}. */
    public static final class Builder {
        private ScoreConfig config = ScoreConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private final List<ThresholdListener> listeners = new ArrayList<>();

        private Builder() {}

        public Builder config(ScoreConfig config) {
            this.config = config;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder listener(ThresholdListener listener) {
            listeners.add(Require.nonNull("listener", listener));
            return this;
        }

        public ScoreBook build() {
            return new ScoreBook(this);
        }
    }
}
