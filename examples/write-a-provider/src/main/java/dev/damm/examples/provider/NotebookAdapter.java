package dev.damm.examples.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.Compute;
import dev.damm.spi.provider.HealthSignal;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodePrice;
import dev.damm.spi.provider.NodeRef;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.NodeState;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderErrors;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.provider.ProviderMetrics;
import dev.damm.spi.provider.RegionMapping;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/** The live notebook: compute only, so {@link #compute()} is the one accessor it overrides. */
final class NotebookAdapter implements ProviderAdapter, Compute {
    private static final RegionMapping REGIONS = new RegionMapping(Map.of(
            RegionCode.of("eu-central"), "shelf-eu",
            RegionCode.of("us-east"), "shelf-us"));
    private static final List<NodePrice> PRICES = List.of(
            NodePrice.of("a5", "0.0050", "EUR"),
            NodePrice.of("a4", "0.0090", "EUR"));

    private final ProviderId id;
    private final Notebook notebook;
    private final ProviderConfig config;
    private final ProviderErrors errors;
    private final AtomicBoolean closed = new AtomicBoolean();

    NotebookAdapter(ProviderId id, Notebook notebook, ProviderConfig config) {
        this.id = id;
        this.notebook = notebook;
        this.config = config;
        this.errors = ProviderErrors.using(config.clock());
    }

    @Override
    public ProviderId id() {
        return id;
    }

    @Override
    public RegionMapping regions() {
        return REGIONS;
    }

    @Override
    public Optional<Compute> compute() {
        return Optional.of(this);
    }

    @Override
    public NodeRef createNode(NodeSpec spec) {
        Require.nonNull("spec", spec);
        ask("create node");
        if (REGIONS.toProvider(spec.region()).isEmpty()) {
            throw errors.fromHttp(id, "create node", 422, Map.of(), "no shelf for region " + spec.region());
        }
        // Find-or-create under one lock, keyed by the idempotency label: a retry returns the first page.
        synchronized (notebook.pages) {
            Optional<NodeRef> earlier = notebook.pages.values().stream()
                    .filter(n -> n.idempotencyKey().equals(Optional.of(spec.idempotencyKey()))).findFirst();
            if (earlier.isPresent()) {
                return earlier.get();
            }
            String page = "page-" + notebook.nextPageNumber();
            NodeRef node = new NodeRef(id, page, "damm-" + spec.idempotencyKey(), spec.region(), spec.role(), NodeState.RUNNING,
                    List.of(), spec.providerLabels());
            notebook.pages.put(page, node);
            return node;
        }
    }

    @Override
    public NodeRef drainNode(NodeRef node) {
        Require.nonNull("node", node);
        ask("drain node");
        NodeRef drained = notebook.pages.computeIfPresent(node.id(), (k, n) -> n.withState(NodeState.DRAINING));
        if (drained == null) {
            throw errors.fromHttp(id, "drain node", 404, Map.of(), "no page " + node.id());
        }
        return drained;
    }

    @Override
    public void retireNode(NodeRef node) {
        Require.nonNull("node", node);
        ask("retire node");
        notebook.pages.remove(node.id()); // already gone is fine: retries must be safe
    }

    @Override
    public List<NodeRef> listNodes(NodeFilter filter) {
        Require.nonNull("filter", filter);
        ask("list nodes");
        return notebook.pages.values().stream().filter(filter::matches)
                .sorted(Comparator.comparing(NodeRef::id)).collect(Collectors.toList());
    }

    @Override
    public List<NodePrice> prices() {
        return PRICES;
    }

    @Override
    public HealthSignal probeHealth(String target) {
        Require.nonNull("target", target);
        try {
            ask("probe health");
        } catch (DammException e) {
            return HealthSignal.unhealthy(target, config.clock().instant(), e.errorCode().code());
        }
        return notebook.pages.containsKey(target)
                ? HealthSignal.healthy(target, config.clock().instant(), Duration.ZERO)
                : HealthSignal.unknown(target, config.clock().instant(), "no such page");
    }

    @Override
    public ProviderMetrics metrics(String target) {
        Require.nonNull("target", target);
        return ProviderMetrics.empty(target, config.clock().instant());
    }

    @Override
    public void close() {
        closed.set(true);
    }

    /** Sends one call to the notebook and turns a refusal or silence into the SPI's errors. */
    private void ask(String operation) {
        if (closed.get()) {
            throw new IllegalStateException("the notebook adapter is closed");
        }
        int status = notebook.answer(config.callTimeout());
        if (status < 0) {
            throw ProviderErrors.timeout(id, operation, config.callTimeout());
        }
        if (status >= 400) {
            throw errors.fromHttp(id, operation, status, notebook.refusalHeaders());
        }
    }
}
