package dev.damm.core.model;

/** Where a gateway is in its life. Health is separate: it comes from heartbeat freshness. */
public enum GatewayStatus {
    /** Known to the control plane (token issued) but has not registered its key yet. */
    PROVISIONED,
    /** Registered: eligible for placement and catalogs while its heartbeat is fresh. */
    ACTIVE,
    /** No new placements; stays in catalogs as a failover target. */
    DRAINING,
    /** Gone: out of catalogs and admission sets. */
    RETIRED
}
