package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What DAMM asks a {@link TunnelTerm} provider for: a named managed tunnel delivering to one
 * DAMM endpoint.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class TunnelSpec extends LabelledSpec {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private final String name;
    private final Endpoint origin;

    private TunnelSpec(Builder b) {
        super("tunnelSpec", b);
        this.name = Require.matches("tunnelSpec.name", b.name, NAME, 63,
                "1-63 letters, digits, '-', '_' or '.', starting and ending alphanumeric");
        this.origin = Require.nonNull("tunnelSpec.origin", b.origin);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tunnel's name at the provider. */
    public String name() {
        return name;
    }

    /** The DAMM endpoint the tunnel delivers to. */
    public Endpoint origin() {
        return origin;
    }

    @Override
    List<Object> ownValues() {
        return Arrays.asList(name, origin);
    }

    @Override
    String describe() {
        return "TunnelSpec[" + name + " to " + origin;
    }

    /** Builds a {@link TunnelSpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder extends LabelledSpecBuilder<Builder> {
        private String name;
        private Endpoint origin;

        private Builder() {
            super("tunnelSpec");
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder origin(Endpoint origin) {
            this.origin = origin;
            return this;
        }

        public TunnelSpec build() {
            return new TunnelSpec(this);
        }
    }
}
