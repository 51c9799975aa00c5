package dev.damm.examples.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.provider.Capability;
import dev.damm.spi.provider.ConfigKey;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderDescriptor;
import dev.damm.spi.provider.ProviderPlugin;

/**
 * A provider plug-in that keeps nodes in a {@link Notebook}: the smallest complete example of the
 * provider SPI. Registered in {@code META-INF/services/dev.damm.spi.provider.ProviderPlugin}.
 *
 * <p>Like a JDBC driver, the plug-in itself is cheap and does no I/O; all work happens in the
 * adapter that {@link #open(ProviderConfig)} returns.
 */
public final class NotebookPlugin implements ProviderPlugin {
    /** The provider id that configuration uses to choose this plug-in. */
    public static final String ID = "notebook";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("Notebook (example)")
            .capability(Capability.COMPUTE)
            .configKey(ConfigKey.secret("token", "the notebook's password; required like a real API token"))
            .build();

    private final Notebook ownNotebook = new Notebook();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ProviderAdapter open(ProviderConfig config) {
        Require.nonNull("config", config);
        if (!config.provider().equals(DESCRIPTOR.id())) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "provider: this plug-in is '" + ID + "', not '" + config.provider() + "'");
        }
        config.requireSecret("token"); // a real plug-in would send it with every request
        return new NotebookAdapter(DESCRIPTOR.id(), config.attachment(Notebook.class).orElse(ownNotebook), config);
    }
}
