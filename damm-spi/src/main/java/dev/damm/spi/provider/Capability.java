package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Locale;

/**
 * One kind of building block a provider can give DAMM; a plug-in declares a static set of them
 * and its adapter exposes exactly the matching accessors.
 */
public enum Capability {
    /** Virtual machines DAMM runs its gateway software on; see {@link Compute}. */
    COMPUTE,
    /** The public WireGuard surface a client connects to; see {@link Ingress}. */
    INGRESS,
    /** The outbound NAT face traffic leaves through; see {@link Egress}. */
    EGRESS,
    /** A private network DAMM rides instead of the public internet; see {@link Overlay}. */
    OVERLAY,
    /** An HTTPS-shaped front that hides the real ingress address; see {@link CdnFront}. */
    CDN_FRONT,
    /** The provider's own managed tunnel that DAMM redirects through; see {@link TunnelTerm}. */
    TUNNEL_TERM;

    /** Returns the stable wire form, e.g. {@code "cdn_front"}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form produced by {@link #code()} (any case; hyphens are accepted for underscores). */
    public static Capability parse(String text) {
        Require.text("capability", text, 32);
        String normal = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Capability c : values()) {
            if (c.name().equals(normal)) {
                return c;
            }
        }
        throw DammException.invalid("capability", "must be one of compute, ingress, egress, overlay, cdn_front, tunnel_term, was '"
                + Require.printable(text) + "'");
    }
}
