package dev.damm.core.store;

import java.time.Instant;
import java.util.List;

/** The append-only audit log, with a retention cut-off. */
public interface AuditRepository {
    /** Appends the event and returns its store-assigned sequence number (strictly increasing). */
    long append(AuditEvent event);

    /** Events with sequence greater than {@code afterSequence}, oldest first, at most {@code limit}. */
    List<AuditEvent> list(long afterSequence, int limit);

    /** Events about {@code target}, oldest first, at most {@code limit}. */
    List<AuditEvent> listByTarget(String target, int limit);

    /** Deletes events older than {@code cutoff} (the retention job); returns how many. */
    long deleteBefore(Instant cutoff);
}
