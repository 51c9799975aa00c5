package dev.damm.examples.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.Capability;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodeRole;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderDescriptor;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.provider.ProviderRegistry;
import dev.damm.spi.provider.Secret;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an application does with the plug-in: find it on the class path, open it by id, use it. */
class NotebookDiscoveryTest {

    @Test
    void theRegistryFindsTheNotebookThroughMetaInfServices() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(getClass().getClassLoader()).build();

        ProviderDescriptor notebook = registry.plugins().stream().filter(d -> d.id().equals(ProviderId.of("notebook")))
                .findFirst().orElseThrow(() -> new AssertionError("not discovered: " + registry));
        assertEquals(EnumSet.of(Capability.COMPUTE), notebook.capabilities());
        assertTrue(registry.loadFailures().isEmpty(), registry.loadFailures().toString());
    }

    @Test
    void configurationNamingTheNotebookOpensItAndItCreatesNodes() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(getClass().getClassLoader()).build();
        Notebook notebook = new Notebook();
        ProviderConfig config = ProviderConfig.builder("notebook").secret("token", Secret.of("example-token"))
                .attach(Notebook.class, notebook).build();

        try (ProviderAdapter adapter = registry.open(config)) {
            var compute = adapter.compute().orElseThrow();
            compute.createIngressNode(NodeSpec.builder().role(NodeRole.INGRESS).region(RegionCode.of("us-east")).size("a4")
                    .image("debian-12").label("pool", "warm").idempotencyKey("plan-1-node-1").build());

            assertEquals(1, notebook.pageCount());
            assertEquals(1, compute.listNodes(NodeFilter.withLabels(Map.of("pool", "warm"))).size());
        }
    }

    @Test
    void openingWithoutTheTokenIsAConfigurationErrorNamingIt() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(getClass().getClassLoader()).build();

        DammException e = assertThrows(DammException.class, () -> registry.open(ProviderConfig.builder("notebook").build()));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().startsWith("token:"), e.getMessage());
    }
}
