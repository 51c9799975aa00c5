package dev.damm.core.model;

/**
 * The two egress pools a region has, kept apart so one flow's reputation never taints another's: the shared main exodus, and
 * a quarantined exodus with separate provider, ASN and reputation for flows whose reputation
 * could contaminate others.
 */
public enum EgressKind {
    MAIN,
    QUARANTINED
}
