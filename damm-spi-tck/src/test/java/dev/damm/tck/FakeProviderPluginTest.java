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
import java.time.Duration;
import java.util.Optional;

/** The TCK's own fake passes every contract. */
class FakeProviderPluginTest implements ProviderPluginContract, ComputeContract, IngressContract, EgressContract,
        OverlayContract, CdnFrontContract, TunnelTermContract {
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
    public Optional<FaultInjector> faults() {
        return Optional.of(cloud);
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
}
