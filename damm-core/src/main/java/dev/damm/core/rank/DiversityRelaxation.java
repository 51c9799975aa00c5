package dev.damm.core.rank;

/** A diversity rule a {@link Ranking} had to break because the candidates could not satisfy it. */
public enum DiversityRelaxation {
    /** Some provider holds more than its share: too few paths from other providers. */
    PROVIDER_SHARE,
    /** Some transport tier holds more than its share: too few paths on other tiers. */
    TRANSPORT_SHARE,
    /** Fewer distinct providers than the policy asks for were offered or could be placed. */
    DISTINCT_PROVIDERS
}
