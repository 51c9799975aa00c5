package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What DAMM asks an {@link Overlay} provider for: that one of its nodes join an overlay network
 * under a hostname, carrying the provider's access tags.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class OverlaySpec extends LabelledSpec {
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.:]{0,62}");

    private final String network;
    private final String nodeId;
    private final String hostname;
    private final List<String> tags;

    private OverlaySpec(Builder b) {
        super("overlaySpec", b);
        this.network = Require.text("overlaySpec.network", b.network, 253);
        this.nodeId = Require.text("overlaySpec.nodeId", b.nodeId, 128);
        this.hostname = Require.matches("overlaySpec.hostname", b.hostname, HOSTNAME, 63, "a lower-case DNS label");
        for (String t : Require.elements("overlaySpec.tags", b.tags, 32)) {
            if (!TAG.matcher(t).matches()) {
                throw DammException.invalid("overlaySpec.tags", "each tag must be 1-63 letters, digits, '-', '_', '.' or ':', was '"
                        + Require.printable(t) + "'");
            }
        }
        this.tags = List.copyOf(b.tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The overlay network to join, e.g. a tailnet name. */
    public String network() {
        return network;
    }

    /** The DAMM node that joins. */
    public String nodeId() {
        return nodeId;
    }

    /** The name the node gets inside the overlay. */
    public String hostname() {
        return hostname;
    }

    /** Provider access tags, e.g. {@code tag:damm-gateway}. */
    public List<String> tags() {
        return tags;
    }

    @Override
    List<Object> ownValues() {
        return Arrays.asList(network, nodeId, hostname, tags);
    }

    @Override
    String describe() {
        return "OverlaySpec[" + nodeId + " as " + hostname + " in " + network + ", tags=" + tags;
    }

    /** Builds an {@link OverlaySpec}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder extends LabelledSpecBuilder<Builder> {
        private String network;
        private String nodeId;
        private String hostname;
        private final List<String> tags = new ArrayList<>();

        private Builder() {
            super("overlaySpec");
        }

        public Builder network(String network) {
            this.network = network;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder tag(String tag) {
            tags.add(tag);
            return this;
        }

        public OverlaySpec build() {
            return new OverlaySpec(this);
        }
    }
}
