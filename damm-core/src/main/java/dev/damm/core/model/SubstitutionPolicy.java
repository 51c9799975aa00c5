package dev.damm.core.model;

/**
 * What enrollment does when the requested region or exit country cannot be served. A substitution
 * is never silent: either it is refused, or the answer says what was substituted and why.
 */
public enum SubstitutionPolicy {
    /** Fail with REGION_UNAVAILABLE or EXIT_COUNTRY_UNAVAILABLE. */
    STRICT,
    /** Place elsewhere and say so in the answer's explanation. */
    ALLOW_SUBSTITUTE
}
