package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Selects nodes in {@link Compute#listNodes(NodeFilter)}: by region, by role and by labels, all of
 * which must match. An empty filter selects every node DAMM can see at the provider.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class NodeFilter {
    private static final NodeFilter ALL = new Builder().build();

    private final RegionCode region;
    private final NodeRole role;
    private final Map<String, String> labels;

    private NodeFilter(Builder b) {
        this.region = b.region;
        this.role = b.role;
        this.labels = Labels.copyOf("nodeFilter.labels", b.labels, true);
    }

    /** Selects every node. */
    public static NodeFilter all() {
        return ALL;
    }

    /** Selects nodes carrying every one of {@code labels}. */
    public static NodeFilter withLabels(Map<String, String> labels) {
        return builder().labels(labels).build();
    }

    /** Selects the node created with {@code key}, via its idempotency label. */
    public static NodeFilter withIdempotencyKey(IdempotencyKey key) {
        return builder().label(IdempotencyKey.LABEL, Require.nonNull("idempotencyKey", key).value()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<RegionCode> region() {
        return Optional.ofNullable(region);
    }

    public Optional<NodeRole> role() {
        return Optional.ofNullable(role);
    }

    /** Labels a node must all carry with these exact values. */
    public Map<String, String> labels() {
        return labels;
    }

    /** True when {@code node} satisfies every condition; for adapters that filter on DAMM's side. */
    public boolean matches(NodeRef node) {
        Require.nonNull("node", node);
        if (region != null && !region.equals(node.region())) {
            return false;
        }
        if (role != null && role != node.role()) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(node.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeFilter f && Objects.equals(region, f.region) && role == f.role && labels.equals(f.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, role, labels);
    }

    @Override
    public String toString() {
        return "NodeFilter[region=" + (region == null ? "any" : region) + ", role=" + (role == null ? "any" : role)
                + ", labels=" + labels + "]";
    }

    /** Builds a {@link NodeFilter}. Not thread-safe. */
    public static final class Builder {
        private RegionCode region;
        private NodeRole role;
        private final Map<String, String> labels = new LinkedHashMap<>();

        private Builder() {}

        public Builder region(RegionCode region) {
            this.region = region;
            return this;
        }

        public Builder role(NodeRole role) {
            this.role = role;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(Require.nonNull("nodeFilter.labels", labels));
            return this;
        }

        public NodeFilter build() {
            return new NodeFilter(this);
        }
    }
}
