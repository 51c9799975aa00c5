package dev.damm.core.score;

import dev.damm.spi.Require;
import java.time.Instant;

/**
 * A subject crossed one of its thresholds: it moved from one {@link SubjectState} to another at
 * {@code at}, with the score and confidence that moved it.
 */
public record ThresholdEvent(SubjectKind kind, String subjectId, SubjectState from, SubjectState to,
                             Instant at, double score, double confidence) {
    public ThresholdEvent {
        Require.nonNull("kind", kind);
        Ids.require("subjectId", subjectId);
        Require.nonNull("from", from);
        Require.nonNull("to", to);
        Require.nonNull("at", at);
        Require.range("score", score, 0.0, 1.0);
        Require.range("confidence", confidence, 0.0, Double.MAX_VALUE);
    }

    /** Whether this event takes the subject out of service (demoted, dropped, skipped). */
    public boolean isRemoval() {
        return from.inService() && !to.inService();
    }

    /** Whether this event puts the subject back into service. */
    public boolean isRestoration() {
        return !from.inService() && to.inService();
    }
}
