package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.ErrorCode;
import dev.damm.spi.provider.Capability;
import dev.damm.spi.provider.ConfigKey;
import dev.damm.spi.provider.HealthSignal;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderDescriptor;
import dev.damm.spi.provider.ProviderMetrics;
import dev.damm.spi.provider.ProviderPlugin;
import dev.damm.spi.provider.ProviderRegistry;
import dev.damm.spi.provider.SpiVersion;
import java.time.Duration;
import java.util.EnumSet;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every provider plug-in passes: discovery, a valid descriptor, capabilities that
 * agree with the adapter, harmless double close, and a health probe that answers with a value.
 *
 * <p>Implement it in a test class together with one contract per declared capability
 * ({@link ComputeContract}, {@link IngressContract}, ...):
 *
 * <pre>{@code
 * class HetznerPluginTest implements ProviderPluginContract, ComputeContract, IngressContract, EgressContract {
 *     public ProviderPlugin plugin() { return new HetznerPlugin(); }
 *     public ProviderConfig config() { return ProviderConfig.builder("hetzner")...build(); }
 *     ...
 * }
 * }</pre>
 *
 * <p>JUnit creates a new test instance per test method, so {@link #plugin()} and {@link #config()}
 * may use fields set up in {@code @BeforeEach}. Each test opens its own adapter and closes it.
 */
public interface ProviderPluginContract {

    /** A fresh plug-in instance, created as {@link ServiceLoader} would create it. */
    ProviderPlugin plugin();

    /** A configuration that opens a working adapter (against a fake or stubbed provider side). */
    ProviderConfig config();

    /** Opens an adapter the way the registry does; the caller closes it. */
    default ProviderAdapter openAdapter() {
        ProviderAdapter adapter = plugin().open(config());
        assertNotNull(adapter, "open() must not return null");
        return adapter;
    }

    @Test
    default void serviceLoaderFindsThePlugin() {
        Class<?> type = plugin().getClass();
        ClassLoader loader = type.getClassLoader();

        assertTrue(ServiceLoader.load(ProviderPlugin.class, loader).stream().anyMatch(p -> p.type() == type),
                type.getName() + " must be listed in META-INF/services/" + ProviderPlugin.class.getName());
        ProviderRegistry registry = ProviderRegistry.builder().discover(loader).build();
        assertTrue(registry.plugin(plugin().descriptor().id()).map(p -> p.getClass() == type).orElse(false),
                "the registry must list " + type.getName() + " under its id; load failures: " + registry.loadFailures());
        assertFalse(registry.loadFailures().stream().anyMatch(f -> f.className().equals(type.getName())),
                "the plug-in must load cleanly: " + registry.loadFailures());
    }

    @Test
    default void descriptorIsValidAndStable() {
        ProviderDescriptor d = plugin().descriptor();

        assertNotNull(d, "descriptor() must not return null");
        assertEquals(d, plugin().descriptor(), "descriptor() must be equal on every call");
        assertTrue(d.spiVersion().runsOn(SpiVersion.CURRENT), "written for SPI " + d.spiVersion() + ", runtime is " + SpiVersion.CURRENT);
        assertFalse(d.capabilities().isEmpty(), "a plug-in must offer at least one capability");
        assertEquals(d.id(), config().provider(), "config() must name this plug-in");
        for (ConfigKey key : d.configKeys()) {
            if (key.required()) {
                assertTrue(config().has(key.name()), "config() must set the required key " + key.name());
            }
        }
    }

    @Test
    default void declaredCapabilitiesEqualTheNonEmptyAccessors() {
        EnumSet<Capability> declared = plugin().descriptor().capabilities();
        try (ProviderAdapter adapter = openAdapter()) {
            EnumSet<Capability> offered = EnumSet.noneOf(Capability.class);
            // Read the accessors themselves rather than offered(), which an adapter could override.
            if (adapter.compute().isPresent()) offered.add(Capability.COMPUTE);
            if (adapter.ingress().isPresent()) offered.add(Capability.INGRESS);
            if (adapter.egress().isPresent()) offered.add(Capability.EGRESS);
            if (adapter.overlay().isPresent()) offered.add(Capability.OVERLAY);
            if (adapter.cdnFront().isPresent()) offered.add(Capability.CDN_FRONT);
            if (adapter.tunnelTerm().isPresent()) offered.add(Capability.TUNNEL_TERM);

            assertEquals(declared, offered, "declared capabilities must equal the non-empty accessors");
            assertEquals(declared, adapter.offered());
            assertEquals(plugin().descriptor().id(), adapter.id(), "adapter id must equal the descriptor id");
            assertNotNull(adapter.regions(), "regions() must not return null");
        }
    }

    @Test
    default void closingTwiceIsHarmless() {
        ProviderAdapter adapter = openAdapter();
        assertDoesNotThrow(adapter::close);
        assertDoesNotThrow(adapter::close);
    }

    @Test
    default void probingADummyTargetReturnsAValueInsteadOfThrowing() {
        ProviderConfig config = config();
        Duration bound = config.connectTimeout().plus(config.callTimeout()).plus(Tck.grace(config.callTimeout()));
        try (ProviderAdapter adapter = plugin().open(config)) {
            HealthSignal signal = assertTimeoutPreemptively(bound, () -> adapter.probeHealth("dummy-target"));

            assertNotNull(signal, "probeHealth must return a value");
            assertEquals("dummy-target", signal.target());
            assertNotNull(signal.status());
        }
    }

    @Test
    default void metricsForADummyTargetAreAValue() {
        try (ProviderAdapter adapter = openAdapter()) {
            ProviderMetrics metrics = adapter.metrics("dummy-target");

            assertNotNull(metrics, "metrics must return a value");
            assertEquals("dummy-target", metrics.target());
        }
    }

    @Test
    default void aNullProbeTargetIsAnInvalidArgument() {
        try (ProviderAdapter adapter = openAdapter()) {
            Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> adapter.probeHealth(null), "probeHealth(null)");
            Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> adapter.metrics(null), "metrics(null)");
        }
    }

    @Test
    default void theRegistryOpensThePluginForItsConfiguration() {
        ProviderPlugin plugin = plugin();
        ProviderRegistry registry = ProviderRegistry.builder().add(plugin).build();

        assertEquals(java.util.List.of(plugin.descriptor()), registry.plugins());
        assertSame(plugin, registry.plugin(plugin.descriptor().id()).orElseThrow());
        try (ProviderAdapter adapter = registry.open(config())) {
            assertEquals(plugin.descriptor().id(), adapter.id());
        }
    }
}
