package dev.damm.core.report;

import dev.damm.spi.Require;

/**
 * A network zone judged from its permeability slices.
 *
 * @param label the zone's human name (untrusted text: escape it)
 * @param worstPermeability the lowest permeability of its slices, 0..1
 * @param meanPermeability the mean over its slices, 0..1
 * @param worstStatus the status of its weakest slice
 * @param incidents incidents reported in the zone
 * @param samples raw attempts behind its slices
 */
public record ReportZone(String zoneId, String label, String country, String networkType, double worstPermeability,
                         double meanPermeability, String worstStatus, int incidents, long samples) {
    public ReportZone {
        Require.nonNull("zoneId", zoneId);
        Require.nonNull("label", label);
        Require.nonNull("country", country);
        Require.nonNull("networkType", networkType);
        Require.nonNull("worstStatus", worstStatus);
    }
}
