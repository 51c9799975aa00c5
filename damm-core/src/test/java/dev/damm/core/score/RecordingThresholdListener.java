package dev.damm.core.score;

import java.util.ArrayList;
import java.util.List;

/** Records every threshold event it is handed. */
final class RecordingThresholdListener implements ThresholdListener {
    final List<ThresholdEvent> events = new ArrayList<>();

    @Override
    public void onThresholdEvent(ThresholdEvent event) {
        events.add(event);
    }
}
