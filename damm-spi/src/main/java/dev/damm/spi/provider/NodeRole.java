package dev.damm.spi.provider;

/** What a node created through {@link Compute} is for. */
public enum NodeRole {
    /** Terminates clients' WireGuard sessions: a gateway's public face. */
    INGRESS,
    /** Carries traffic out to destinations: the NAT face. */
    EGRESS
}
