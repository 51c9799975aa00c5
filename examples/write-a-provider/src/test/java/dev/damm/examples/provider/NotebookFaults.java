package dev.damm.examples.provider;

import dev.damm.tck.Fault;
import dev.damm.tck.FaultInjector;
import java.util.List;
import java.util.Map;

/** Lets the TCK make the notebook fail: each fault becomes the answer the notebook gives. */
final class NotebookFaults implements FaultInjector {
    private final Notebook notebook;

    NotebookFaults(Notebook notebook) {
        this.notebook = notebook;
    }

    @Override
    public void inject(Fault fault) {
        notebook.answerNormally();
        if (fault == Fault.SLOW) {
            notebook.stopAnswering();
        } else if (fault == Fault.RATE_LIMITED) {
            notebook.refuseWith(fault.httpStatus(), Map.of("Retry-After", List.of(Long.toString(Fault.RETRY_AFTER.toSeconds()))));
        } else {
            notebook.refuseWith(fault.httpStatus(), Map.of());
        }
    }

    @Override
    public void clear() {
        notebook.answerNormally();
    }
}
