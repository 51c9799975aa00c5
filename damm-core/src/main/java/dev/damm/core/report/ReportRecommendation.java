package dev.damm.core.report;

import dev.damm.spi.Require;
import java.util.List;

/** A proposal of the permeability model; {@code type} is e.g. {@code add_ingress}, {@code target} e.g. {@code zone:ru-mobile}. */
public record ReportRecommendation(String type, String target, String reason, int priority, List<String> backingZones) {
    public ReportRecommendation {
        Require.nonNull("type", type);
        Require.nonNull("target", target);
        Require.nonNull("reason", reason);
        backingZones = List.copyOf(Require.nonNull("backingZones", backingZones));
    }
}
