package dev.damm.core.score;

import dev.damm.spi.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Measures the score loop from its event log: how long bad subjects take to leave service. */
final class ThresholdEvents {
    private ThresholdEvents() {}

    /**
     * Mean time from a subject going bad to its removal: for every subject of {@code kind},
     * each {@code ACTIVE → AT_RISK} event (its score first dipping below the threshold) paired
     * with the next event that takes it out of service. A dip that recovered before removal
     * pairs with nothing. Empty when no removal happened.
     */
    public static Optional<Duration> meanTimeToRemoval(List<ThresholdEvent> events, SubjectKind kind) {
        Require.elements("events", events, Integer.MAX_VALUE);
        Require.nonNull("kind", kind);
        Map<String, Instant> wentBad = new HashMap<>();
        long totalMillis = 0;
        int removals = 0;
        for (ThresholdEvent e : events) {
            if (e.kind() != kind) {
                continue;
            }
            if (e.from() == SubjectState.ACTIVE && e.to() == SubjectState.AT_RISK) {
                wentBad.put(e.subjectId(), e.at());
            } else if (e.isRemoval()) {
                Instant start = wentBad.remove(e.subjectId());
                if (start != null) {
                    totalMillis += Duration.between(start, e.at()).toMillis();
                    removals++;
                }
            } else if (e.to() == SubjectState.ACTIVE) {
                wentBad.remove(e.subjectId());
            }
        }
        return removals == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(totalMillis / removals));
    }
}
