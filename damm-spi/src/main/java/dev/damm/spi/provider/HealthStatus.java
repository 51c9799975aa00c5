package dev.damm.spi.provider;

/** The outcome of a health probe. */
public enum HealthStatus {
    /** The target answered as expected. */
    HEALTHY,
    /** The target answered, but slowly or partially. */
    DEGRADED,
    /** The target did not answer or answered with an error. */
    UNHEALTHY,
    /** The probe could not tell: unknown target, or nothing that can be probed without lying. */
    UNKNOWN
}
