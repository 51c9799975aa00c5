package dev.damm.spi.provider;

import static dev.damm.spi.provider.NodeSpecTest.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.net.RegionCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmallValuesTest {
    private static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"hetzner", "aws-eu-west", "do", "x1"})
    void acceptsProviderIds(String id) {
        assertEquals(id, ProviderId.of(id).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h", "Hetzner", "1cloud", "a--b", "trailing-", "with_underscore", "a234567890123456789012345678901234"})
    void rejectsMalformedProviderIds(String id) {
        assertEquals("providerId", field(() -> ProviderId.of(id)));
    }

    @Test
    void capabilitiesHaveStableWireCodes() {
        assertEquals("cdn_front", Capability.CDN_FRONT.code());
        assertEquals(Capability.TUNNEL_TERM, Capability.parse("tunnel-term"));
        assertEquals(Capability.COMPUTE, Capability.parse(" Compute "));
        assertEquals("capability", field(() -> Capability.parse("storage")));
    }

    @Test
    void spiVersionsParseCompareAndCheckTheMajor() {
        assertEquals(new SpiVersion(1, 0), SpiVersion.CURRENT);
        assertEquals(new SpiVersion(1, 4), SpiVersion.parse("1.4"));
        assertTrue(new SpiVersion(1, 9).runsOn(new SpiVersion(1, 0)));
        assertFalse(new SpiVersion(2, 0).runsOn(SpiVersion.CURRENT));
        assertTrue(new SpiVersion(1, 2).compareTo(new SpiVersion(1, 10)) < 0);
        assertEquals("spiVersion", field(() -> SpiVersion.parse("1")));
        assertEquals("spiVersion.major", field(() -> new SpiVersion(-1, 0)));
    }

    @Test
    void descriptorsCopyCapabilitiesAndRejectDuplicateKeys() {
        ProviderDescriptor d = ProviderDescriptor.builder("static").displayName("Static hosts")
                .capabilities(List.of(Capability.INGRESS, Capability.EGRESS)).configKey(ConfigKey.optional("hosts", "host list")).build();

        EnumSet<Capability> caps = d.capabilities();
        caps.add(Capability.COMPUTE);
        assertEquals(EnumSet.of(Capability.INGRESS, Capability.EGRESS), d.capabilities());
        assertTrue(d.has(Capability.EGRESS) && !d.has(Capability.COMPUTE));
        assertEquals(SpiVersion.CURRENT, d.spiVersion());
        assertEquals(d, ProviderDescriptor.builder("static").displayName("Static hosts")
                .capability(Capability.EGRESS).capability(Capability.INGRESS).configKey(ConfigKey.optional("hosts", "host list")).build());
        assertTrue(d.toString().contains("[ingress, egress]"), d.toString());
        assertEquals("descriptor.configKeys", field(() -> ProviderDescriptor.builder("static").displayName("S")
                .configKey(ConfigKey.optional("hosts", "a")).configKey(ConfigKey.required("hosts", "b")).build()));
        assertEquals("descriptor.displayName", field(() -> ProviderDescriptor.builder("static").build()));
    }

    @Test
    void configKeysAreValidated() {
        assertTrue(ConfigKey.secret("token", "API token").secret());
        assertTrue(ConfigKey.required("location", "where").required());
        assertEquals("configKey.name", field(() -> ConfigKey.optional("has space", "d")));
    }

    @Test
    void regionMappingsWorkBothWaysAndRejectAmbiguity() {
        RegionCode eu = RegionCode.of("eu-central");
        RegionMapping m = new RegionMapping(Map.of(eu, "fsn1", RegionCode.of("us-east"), "ash"));

        assertEquals(Optional.of("fsn1"), m.toProvider(eu));
        assertEquals(Optional.empty(), m.toProvider(RegionCode.of("ap-south")));
        assertEquals(Optional.of(eu), m.toDamm("fsn1"));
        assertEquals(Optional.empty(), m.toDamm("nbg1"));
        assertTrue(RegionMapping.none().supported().isEmpty());
        DammException e = assertThrows(DammException.class,
                () -> new RegionMapping(Map.of(eu, "fsn1", RegionCode.of("eu-west"), "fsn1")));
        assertTrue(e.getMessage().startsWith("regionMapping: provider region 'fsn1' is mapped from both"), e.getMessage());
    }

    @Test
    void nodePricesAreNonNegativeDecimalsWithACurrency() {
        NodePrice p = NodePrice.of("cx22", "0.0071", "EUR");

        assertEquals(new BigDecimal("0.0071"), p.hourly());
        assertEquals(Currency.getInstance("EUR"), p.currency());
        assertEquals("nodePrice.hourly", field(() -> NodePrice.of("cx22", "-1", "EUR")));
        assertEquals("nodePrice.hourly", field(() -> NodePrice.of("cx22", "cheap", "EUR")));
        assertEquals("nodePrice.currency", field(() -> NodePrice.of("cx22", "1", "XYZ")));
    }

    @Test
    void healthSignalsAreValuesForEveryOutcome() {
        HealthSignal up = HealthSignal.healthy("n-1", T, Duration.ofMillis(12));
        HealthSignal unknown = HealthSignal.unknown("dummy-target", T, "not a configured host");

        assertEquals(HealthStatus.HEALTHY, up.status());
        assertEquals(Optional.of(Duration.ofMillis(12)), up.measuredLatency());
        assertEquals(Optional.empty(), unknown.measuredLatency());
        assertEquals(HealthStatus.UNHEALTHY, HealthSignal.unhealthy("n-1", T, "refused").status());
        assertEquals(256, new HealthSignal("x".repeat(1000), HealthStatus.UNKNOWN, T, null, "").target().length());
        assertEquals("healthSignal.latency", field(() -> new HealthSignal("t", HealthStatus.HEALTHY, T, Duration.ofMillis(-1), "")));
    }

    @Test
    void metricsHaveDottedNamesAndFiniteValues() {
        ProviderMetrics m = new ProviderMetrics("n-1", T, Map.of("traffic.out.bytes", 1024.0));

        assertEquals(OptionalDouble.of(1024.0), m.value("traffic.out.bytes"));
        assertEquals(OptionalDouble.empty(), m.value("cpu"));
        assertEquals("metrics.values", field(() -> new ProviderMetrics("n", T, Map.of("Bad Name", 1.0))));
        assertEquals("metrics.values[cpu]", field(() -> new ProviderMetrics("n", T, Map.of("cpu", Double.NaN))));
    }
}
