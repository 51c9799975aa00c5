package dev.damm.core.store;

import dev.damm.core.score.ClientReport;
import java.util.List;

/**
 * Client quality reports waiting for the control loop. Any server appends the reports it
 * receives; the server that runs the loop takes them out in arrival order and feeds its score
 * book, so a report reaches the catalogs whichever server it arrived at, and exactly once.
 */
public interface ReportQueueRepository {
    void append(List<ClientReport> reports);

    /** Removes and returns the oldest reports, at most {@code max}. */
    List<ClientReport> take(int max);

    long size();
}
