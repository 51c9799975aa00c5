package dev.damm.core.placement;

import dev.damm.core.store.DammStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a recent {@link FleetSnapshot} so placement does not read every gateway from the store
 * on each enrollment. A snapshot older than {@code maxAge}, or one {@link #invalidate()}d after a
 * fleet change, is rebuilt on the next call (scores are folded into its ranking then); enrollment re-checks the chosen gateway inside its
 * transaction, so a slightly stale snapshot can cost a retry, never a wrong placement.
 */
public final class FleetView {
    private final DammStore store;
    private final Clock clock;
    private final Duration maxAge;
    private final PlacementSignals signals;
    private final AtomicReference<FleetSnapshot> current = new AtomicReference<>();

    public FleetView(DammStore store, Clock clock, Duration maxAge, PlacementSignals signals) {
        this.store = store;
        this.signals = signals;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public FleetSnapshot snapshot() {
        Instant now = clock.instant();
        FleetSnapshot s = current.get();
        if (s != null && !s.takenAt().plus(maxAge).isBefore(now) && !s.takenAt().isAfter(now)) {
            return s;
        }
        FleetSnapshot fresh = store.inTransaction(tx -> FleetSnapshot.of(tx.gateways().list(), tx.egressPools().list(), now, signals));
        current.set(fresh);
        return fresh;
    }

    /** Forces the next {@link #snapshot()} to re-read the store. */
    public void invalidate() {
        current.set(null);
    }
}
