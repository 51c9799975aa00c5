package dev.damm.tck;

import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.FrontSpec;
import dev.damm.spi.provider.NodeRole;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.OverlaySpec;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderPlugin;
import dev.damm.spi.provider.Secret;
import dev.damm.spi.provider.TunnelSpec;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.provider.HealthStatus;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodeRef;
import dev.damm.spi.provider.ProviderAdapter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The TCK's own fake passes every contract, fault contracts included: {@link FakeCloud} is its fault switch. */
class FakeProviderPluginTest implements ProviderPluginContract, ComputeFaultContract, IngressFaultContract,
        EgressFaultContract, OverlayFaultContract, CdnFrontFaultContract, TunnelTermFaultContract {
    private static final RegionCode EU = RegionCode.of("eu-central");

    private final FakeCloud cloud = new FakeCloud();

    @Override
    public ProviderPlugin plugin() {
        return new FakeProviderPlugin();
    }

    @Override
    public ProviderConfig config() {
        return ProviderConfig.builder(FakeProviderPlugin.ID)
                .secret("token", Secret.of("fake-token"))
                .attach(FakeCloud.class, cloud)
                .callTimeout(Duration.ofMillis(300))
                .build();
    }

    @Override
    public FaultInjector faults() {
        return cloud;
    }

    @Override
    public NodeSpec.Builder nodeSpec() {
        return NodeSpec.builder().role(NodeRole.INGRESS).region(EU).size("fake-small").image("debian-12");
    }

    @Override
    public FrontDoorSpec.Builder frontDoorSpec() {
        return FrontDoorSpec.builder().region(EU);
    }

    @Override
    public EgressIpSpec.Builder egressIpSpec() {
        return EgressIpSpec.builder().region(EU);
    }

    @Override
    public OverlaySpec.Builder overlaySpec() {
        return OverlaySpec.builder().network("fake.ts.net").nodeId("fake-node-1").hostname("damm-gw-1").tag("tag:damm");
    }

    @Override
    public FrontSpec.Builder frontSpec() {
        return FrontSpec.builder().origin(Endpoint.parse("203.0.113.10:443")).hostname("wg-front-1.example.com");
    }

    @Override
    public TunnelSpec.Builder tunnelSpec() {
        return TunnelSpec.builder().name("damm-tunnel").origin(Endpoint.parse("127.0.0.1:8443"));
    }

    @Test
    void adaptersOpenedOnOneCloudShareItsState() {
        try (ProviderAdapter a = openAdapter(); ProviderAdapter b = openAdapter()) {
            NodeRef node = a.compute().orElseThrow().createNode(nodeSpec().idempotencyKey("shared").build());

            assertEquals(java.util.List.of(node), b.compute().orElseThrow().listNodes(NodeFilter.all()));
            assertEquals(1, cloud.nodeCount());
            assertEquals(1, cloud.created());
        }
    }

    @Test
    void aKnownRunningNodeProbesHealthyAndAnInjectedOutageProbesUnhealthy() {
        try (ProviderAdapter adapter = openAdapter()) {
            NodeRef node = adapter.compute().orElseThrow().createNode(nodeSpec().idempotencyKey("probe").build());

            assertEquals(HealthStatus.HEALTHY, adapter.probeHealth(node.id()).status());
            cloud.inject(Fault.UNAVAILABLE);
            assertEquals(HealthStatus.UNHEALTHY, adapter.probeHealth(node.id()).status());
            cloud.clear();
            assertEquals(HealthStatus.UNKNOWN, adapter.probeHealth("no-such-node").status());
        }
    }

    @Test
    void unservedRegionsAndUnknownSizesAreInvalidRequests() {
        try (ProviderAdapter adapter = openAdapter()) {
            var compute = adapter.compute().orElseThrow();

            DammException region = assertThrows(DammException.class,
                    () -> compute.createNode(nodeSpec().region(RegionCode.of("sa-east")).idempotencyKey("r").build()));
            DammException size = assertThrows(DammException.class,
                    () -> compute.createNode(nodeSpec().size("huge").idempotencyKey("s").build()));

            assertEquals(ErrorCode.PROVIDER_INVALID_REQUEST, region.errorCode());
            assertEquals(ErrorCode.PROVIDER_INVALID_REQUEST, size.errorCode());
        }
    }

    @Test
    void refusesAConfigurationForAnotherProvider() {
        DammException e = assertThrows(DammException.class, () -> plugin().open(ProviderConfig.builder("hetzner").build()));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
    }

    @Test
    void aClosedAdapterRefusesWork() {
        ProviderAdapter adapter = openAdapter();
        adapter.close();

        assertThrows(IllegalStateException.class, () -> adapter.compute().orElseThrow().listNodes(NodeFilter.all()));
    }
}
