package dev.damm.core.model;

import dev.damm.spi.Require;
import dev.damm.spi.net.IpNetwork;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A per-flow rule that sends matching traffic to the quarantined egress pool: a destination
 * CIDR, a domain (and its subdomains), or a TLS SNI tag. The gateway implements it with fwmark
 * and policy routing; the control plane only states it.
 */
public record EgressRule(Kind kind, String value) {
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)(\\*\\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** What a rule matches on. */
    public enum Kind { CIDR, DOMAIN, SNI_TAG }

    public EgressRule {
        Require.nonNull("egressRule.kind", kind);
        Require.text("egressRule.value", value, 253);
        switch (kind) {
            case CIDR -> value = IpNetwork.parse("egressRule.value", value).network().toString();
            case DOMAIN -> value = Require.matches("egressRule.value", value.toLowerCase(Locale.ROOT), DOMAIN, 253, "a domain such as example.org or *.example.org");
            case SNI_TAG -> value = Require.matches("egressRule.value", value, TAG, 64, "a tag of [a-z0-9_-]");
            default -> throw new IllegalStateException();
        }
    }
}
