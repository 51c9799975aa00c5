package dev.damm.core.model;

/**
 * What enrollment does when the requested region or exit country cannot be served (memo, item 9:
 * never substitute silently).
 */
public enum SubstitutionPolicy {
    /** Fail with REGION_UNAVAILABLE or EXIT_COUNTRY_UNAVAILABLE. */
    STRICT,
    /** Place elsewhere and say so in the answer's explanation. */
    ALLOW_SUBSTITUTE
}
