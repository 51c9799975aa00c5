package dev.damm.core.score;

/**
 * Receives every {@link ThresholdEvent} a {@link ScoreBook} emits.
 *
 * <p>Called on the thread that ran {@link ScoreBook#evaluate()}, after the book's lock is
 * released, in event order. A listener that throws does not stop later events or listeners.
 */
@FunctionalInterface
public interface ThresholdListener {
    void onThresholdEvent(ThresholdEvent event);
}
