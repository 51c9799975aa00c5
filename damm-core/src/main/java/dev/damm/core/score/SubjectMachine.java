package dev.damm.core.score;

import java.time.Instant;
import java.util.List;

/**
 * The hysteresis state machine of one front door, gateway or egress pool; see {@link Hysteresis}.
 * Guarded by the {@link ScoreBook}'s lock.
 */
final class SubjectMachine {
    private final SubjectKind kind;
    private final String id;
    private SubjectState state = SubjectState.ACTIVE;
    private long since;

    SubjectMachine(SubjectKind kind, String id, long createdAt) {
        this.kind = kind;
        this.id = id;
        this.since = createdAt;
    }

    SubjectState state() {
        return state;
    }

    /**
     * Advances the machine with the score seen at {@code now}; a score below the book's minimum
     * confidence (or none) holds the current state. Appends every transition to {@code out}.
     */
    void step(Hysteresis h, long now, Instant at, double score, double confidence, double minConfidence,
              List<ThresholdEvent> out) {
        if (Double.isNaN(score) || confidence < minConfidence) {
            return;
        }
        // One evaluation may pass through two states when a dwell is zero.
        for (int guard = 0; guard < 2; guard++) {
            SubjectState next = next(h, now, score);
            if (next == state) {
                return;
            }
            out.add(new ThresholdEvent(kind, id, state, next, at, score, confidence));
            state = next;
            since = now;
        }
    }

    private SubjectState next(Hysteresis h, long now, double score) {
        switch (state) {
            case ACTIVE:
                return score < h.below() ? SubjectState.AT_RISK : SubjectState.ACTIVE;
            case AT_RISK:
                if (score >= h.restoreAt()) {
                    return SubjectState.ACTIVE;
                }
                if (score < h.below() && now - since >= h.badDwell().toMillis()) {
                    return SubjectState.BENCHED;
                }
                return SubjectState.AT_RISK;
            case BENCHED:
                return score >= h.restoreAt() ? SubjectState.RECOVERING : SubjectState.BENCHED;
            case RECOVERING:
                if (score < h.restoreAt()) {
                    return SubjectState.BENCHED;
                }
                return now - since >= h.restoreDwell().toMillis() ? SubjectState.ACTIVE : SubjectState.RECOVERING;
            default:
                throw new IllegalStateException("unreachable: " + state);
        }
    }
}
