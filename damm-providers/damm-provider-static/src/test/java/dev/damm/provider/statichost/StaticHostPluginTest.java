package dev.damm.provider.statichost;

import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderPlugin;
import dev.damm.tck.EgressContract;
import dev.damm.tck.IngressContract;
import dev.damm.tck.ProviderPluginContract;

/**
 * The static-host plug-in passes the base, ingress and egress contracts.
 *
 * <p>Only the capability contracts, not their fault contracts: a static host list has no remote API
 * that could answer 401, 429 or 503 or stall, so there is nothing to inject. Its own errors are
 * checked in {@link StaticHostAdapterTest}.
 */
class StaticHostPluginTest implements ProviderPluginContract, IngressContract, EgressContract {

    @Override
    public ProviderPlugin plugin() {
        return new StaticHostPlugin();
    }

    @Override
    public ProviderConfig config() {
        // Documentation addresses with no probe port: nothing here is ever contacted.
        return ProviderConfig.builder(StaticHostPlugin.ID)
                .setting("hosts", "pi-home=203.0.113.5:51820 region=eu-central, vps-1=[2001:db8::5]:51820 region=us-east")
                .build();
    }

    @Override
    public FrontDoorSpec.Builder frontDoorSpec() {
        return FrontDoorSpec.builder().region(RegionCode.of("eu-central")).nodeId("pi-home");
    }

    @Override
    public EgressIpSpec.Builder egressIpSpec() {
        return EgressIpSpec.builder().region(RegionCode.of("eu-central")).nodeId("pi-home");
    }
}
