package dev.damm.examples.provider;

import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.NodeRole;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderPlugin;
import dev.damm.spi.provider.Secret;
import dev.damm.tck.ComputeFaultContract;
import dev.damm.tck.FaultInjector;
import dev.damm.tck.ProviderPluginContract;
import java.time.Duration;

/**
 * The notebook plug-in passes the base contract and the compute contract with its fault checks: the
 * notebook stands in for a remote API and can be made to fail through {@link NotebookFaults}.
 */
class NotebookPluginTest implements ProviderPluginContract, ComputeFaultContract {
    private final Notebook notebook = new Notebook();

    @Override
    public ProviderPlugin plugin() {
        return new NotebookPlugin();
    }

    @Override
    public ProviderConfig config() {
        return ProviderConfig.builder(NotebookPlugin.ID)
                .secret("token", Secret.of("example-token"))
                .attach(Notebook.class, notebook)
                .callTimeout(Duration.ofMillis(300))
                .build();
    }

    @Override
    public FaultInjector faults() {
        return new NotebookFaults(notebook);
    }

    @Override
    public NodeSpec.Builder nodeSpec() {
        return NodeSpec.builder().role(NodeRole.INGRESS).region(RegionCode.of("eu-central")).size("a5").image("debian-12");
    }
}
