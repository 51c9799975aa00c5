package dev.damm.core.model;

/**
 * The two egress pools a region has (seed 000, "Egress separation"): the shared main exodus, and
 * a quarantined exodus with separate provider, ASN and reputation for flows whose reputation
 * could contaminate others.
 */
public enum EgressKind {
    MAIN,
    QUARANTINED
}
