package dev.damm.core.internal.permeability;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns path observations per network zone into incidents, permeability scores and placement
 * recommendations (the pipeline and classification rules are in {@code docs/permeability.md}).
 *
 * <p>Evidence ages out: each observation weighs its sample count halved every
 * {@link PermeabilityConfig#evidenceHalfLife()} and is ignored past
 * {@link PermeabilityConfig#maxEvidenceAge()}. Incidents carry a confidence from the decayed
 * evidence; those below {@link PermeabilityConfig#minIncidentConfidence()} are not reported and
 * those below {@link PermeabilityConfig#actionConfidence()} only ask to investigate. A provider
 * failing from most zones is a provider outage and its failures are taken out of every zone's
 * interference analysis.
 *
 * <p>Thread-safe: one lock guards the zones and the held observations; {@link #report()} copies
 * them under the lock and analyses the copy outside it.
 */
public final class PermeabilityModel {
    private final Object lock = new Object();
    private final PermeabilityConfig config;
    private final Clock clock;
    private final Map<String, NetworkZone> zones = new TreeMap<>();
    private final ArrayDeque<PathObservation> observations = new ArrayDeque<>();

    public PermeabilityModel(PermeabilityConfig config, Clock clock) {
        this.config = Require.nonNull("config", config);
        this.clock = Require.nonNull("clock", clock);
    }

    public PermeabilityConfig config() {
        return config;
    }

    /**
     * Adds a zone observations may come from. Registering an equal zone again is a no-op.
     *
     * @throws DammException {@code CONFLICT} when another zone has the same id
     */
    public void registerZone(NetworkZone zone) {
        Require.nonNull("zone", zone);
        synchronized (lock) {
            NetworkZone existing = zones.putIfAbsent(zone.id(), zone);
            if (existing != null && !existing.equals(zone)) {
                throw new DammException(ErrorCode.CONFLICT, "zone.id: " + zone.id() + " is already registered as " + existing);
            }
        }
    }

    /** The registered zones, by id. */
    public List<NetworkZone> zones() {
        synchronized (lock) {
            return List.copyOf(zones.values());
        }
    }

    /**
     * Holds one observation as evidence. Beyond {@link PermeabilityConfig#maxObservations()} the
     * oldest arrival is dropped.
     *
     * @throws DammException {@code NOT_FOUND} ("zoneId: ...") for an unregistered zone;
     *     {@code INVALID_ARGUMENT} ("observedAt: ...") for a time beyond the skew allowance or
     *     older than the maximum evidence age; nothing is held then
     */
    public void ingest(PathObservation observation) {
        Require.nonNull("observation", observation);
        Instant now = clock.instant();
        Instant at = observation.observedAt();
        if (at.isAfter(now.plus(config.clockSkewAllowance()))) {
            throw DammException.invalid("observedAt", "must be at most " + config.clockSkewAllowance()
                    + " ahead of the clock (" + now + "), was " + at);
        }
        if (at.isBefore(now.minus(config.maxEvidenceAge()))) {
            throw DammException.invalid("observedAt", "must be at most " + config.maxEvidenceAge()
                    + " old (clock " + now + "), was " + at);
        }
        synchronized (lock) {
            if (!zones.containsKey(observation.zoneId())) {
                throw new DammException(ErrorCode.NOT_FOUND, "zoneId: " + observation.zoneId() + " is not a registered zone");
            }
            if (observations.size() == config.maxObservations()) {
                observations.removeFirst();
            }
            observations.addLast(observation);
        }
    }

    /** Ingests each observation in order; stops at the first refused one, keeping those before it. */
    public void ingestAll(Collection<PathObservation> batch) {
        Require.elements("observations", batch, Integer.MAX_VALUE);
        for (PathObservation o : batch) {
            ingest(o);
        }
    }

    /** Number of observations held (including those that have aged out but not yet been pruned). */
    public int observationCount() {
        synchronized (lock) {
            return observations.size();
        }
    }

    /** Analyses the held evidence at the clock's current time; prunes evidence that has aged out. */
    public PermeabilityReport report() {
        Instant now = clock.instant();
        Instant oldest = now.minus(config.maxEvidenceAge());
        List<PathObservation> evidence;
        List<NetworkZone> zoneList;
        synchronized (lock) {
            observations.removeIf(o -> o.observedAt().isBefore(oldest));
            evidence = new ArrayList<>(observations);
            zoneList = new ArrayList<>(zones.values());
        }
        return new PermeabilityAnalysis(config, now, zoneList).run(evidence);
    }
}
