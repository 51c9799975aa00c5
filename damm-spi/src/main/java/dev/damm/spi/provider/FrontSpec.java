package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What DAMM asks a {@link CdnFront} provider for: a public HTTPS-shaped front that forwards to one
 * DAMM gateway endpoint, optionally under a chosen hostname.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class FrontSpec extends LabelledSpec {
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)+");

    private final Endpoint origin;
    private final String hostname;
    private final TransportTier tier;

    private FrontSpec(Builder b) {
        super("frontSpec", b);
        this.origin = Require.nonNull("frontSpec.origin", b.origin);
        this.hostname = b.hostname == null ? null
                : Require.matches("frontSpec.hostname", b.hostname.toLowerCase(Locale.ROOT), HOSTNAME, 253, "a fully qualified host name");
        this.tier = Require.nonNull("frontSpec.tier", b.tier);
        if (tier != TransportTier.T3 && tier != TransportTier.T4) {
            throw DammException.invalid("frontSpec.tier", "a CDN front carries T3 or T4, was " + tier);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The DAMM gateway endpoint the front forwards to. */
    public Endpoint origin() {
        return origin;
    }

    /** The public hostname wanted; empty lets the provider choose one. */
    public Optional<String> hostname() {
        return Optional.ofNullable(hostname);
    }

    /** {@link TransportTier#T4} unless set; only T3 and T4 are accepted. */
    public TransportTier tier() {
        return tier;
    }

    @Override
    List<Object> ownValues() {
        return Arrays.asList(origin, hostname, tier);
    }

    @Override
    String describe() {
        return "FrontSpec[" + tier + " to " + origin + (hostname == null ? "" : " as " + hostname);
    }

    /** Builds a {@link FrontSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder extends LabelledSpecBuilder<Builder> {
        private Endpoint origin;
        private String hostname;
        private TransportTier tier = TransportTier.T4;

        private Builder() {
            super("frontSpec");
        }

        public Builder origin(Endpoint origin) {
            this.origin = origin;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder tier(TransportTier tier) {
            this.tier = tier;
            return this;
        }

        public FrontSpec build() {
            return new FrontSpec(this);
        }
    }
}
