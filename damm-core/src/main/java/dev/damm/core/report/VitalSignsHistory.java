package dev.damm.core.report;

import dev.damm.core.loop.VitalSigns;
import dev.damm.spi.Require;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The loop's vital signs sampled over time, so the report can plot them: the loop itself keeps
 * only the current window. The owner of the loop records a reading after each tick; the oldest
 * samples beyond the capacity are dropped. Thread-safe.
 */
public final class VitalSignsHistory {
    private final int capacity;
    private final ArrayDeque<VitalSample> samples = new ArrayDeque<>();

    /** A history keeping the most recent {@code capacity} samples (1..100,000). */
    public VitalSignsHistory(int capacity) {
        this.capacity = Require.range("capacity", capacity, 1, 100_000);
    }

    /** Reduces {@code signs} to one sample and keeps it; returns the sample. */
    public VitalSample record(VitalSigns signs) {
        VitalSample s = sample(Require.nonNull("signs", signs));
        synchronized (samples) {
            if (samples.size() == capacity) {
                samples.removeFirst();
            }
            samples.addLast(s);
        }
        return s;
    }

    /** The samples kept, oldest first. */
    public List<VitalSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** One point per measure: changes summed over scopes, successes pooled over regions, the slowest demotion. */
    static VitalSample sample(VitalSigns signs) {
        int changes = 0;
        for (VitalSigns.Churn c : signs.churn()) {
            changes += c.contentChanges();
        }
        long probes = 0;
        long probesOk = 0;
        long reports = 0;
        long reportsOk = 0;
        for (VitalSigns.Success s : signs.success()) {
            probes += s.probes();
            probesOk += s.probesSucceeded();
            reports += s.clientReports();
            reportsOk += s.clientReportsSucceeded();
        }
        Long slowest = null;
        for (VitalSigns.Demotion d : signs.demotions()) {
            long ms = d.latency().toMillis();
            slowest = slowest == null ? ms : Math.max(slowest, ms);
        }
        return new VitalSample(signs.at(), changes, probes == 0 ? null : (double) probesOk / probes,
                reports == 0 ? null : (double) reportsOk / reports, slowest);
    }
}
