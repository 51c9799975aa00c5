package dev.damm.tck;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.Capability;
import dev.damm.spi.provider.ConfigKey;
import dev.damm.spi.provider.NodePrice;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderDescriptor;
import dev.damm.spi.provider.ProviderPlugin;
import dev.damm.spi.provider.RegionMapping;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * An in-memory provider with every capability, for tests of code that drives providers and as the
 * reference the contracts are checked against. Its id is {@value #ID}.
 *
 * <p>It is registered in this jar's {@code META-INF/services}, so any test class path holding the
 * TCK discovers a provider called {@code fake}; the TCK is a test-scope dependency, so production
 * class paths never see it.
 *
 * <p>The provider side is a {@link FakeCloud}: attach one to the configuration to share it and to
 * inject faults, otherwise each plug-in instance keeps its own. Serves {@code eu-central},
 * {@code us-east} and {@code ap-south}; sizes are those of {@link #PRICES}. Thread-safe.
 */
public final class FakeProviderPlugin implements ProviderPlugin {
    /** The provider id. */
    public static final String ID = "fake";

    static final RegionMapping REGIONS = new RegionMapping(Map.of(
            RegionCode.of("eu-central"), "fake-eu-1",
            RegionCode.of("us-east"), "fake-us-1",
            RegionCode.of("ap-south"), "fake-ap-1"));

    /** The node sizes the fake offers and what they cost. */
    public static final List<NodePrice> PRICES = List.of(
            NodePrice.of("fake-small", "0.0070", "EUR"),
            NodePrice.of("fake-large", "0.0310", "EUR"));

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("In-memory fake provider")
            .capabilities(EnumSet.allOf(Capability.class))
            .configKey(new ConfigKey("token", "ignored; lets tests exercise secret handling", false, true))
            .build();

    private final FakeCloud ownCloud = new FakeCloud();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ProviderAdapter open(ProviderConfig config) {
        Require.nonNull("config", config);
        if (!config.provider().value().equals(ID)) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "provider: this plug-in is '" + ID + "', not '" + config.provider() + "'");
        }
        return new FakeAdapter(DESCRIPTOR.id(), config.attachment(FakeCloud.class).orElse(ownCloud), config);
    }
}
