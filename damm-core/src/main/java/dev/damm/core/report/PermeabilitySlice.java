package dev.damm.core.report;

import dev.damm.spi.Require;

/** One zone-to-ingress slice of the permeability model; scores in [0, 1]. */
public record PermeabilitySlice(String zoneId, String provider, String region, double permeability, double stability,
                                double replaceability, String status, String action, double confidence, long samples) {
    public PermeabilitySlice {
        Require.nonNull("zoneId", zoneId);
        Require.nonNull("provider", provider);
        Require.nonNull("region", region);
        Require.nonNull("status", status);
        Require.nonNull("action", action);
    }
}
