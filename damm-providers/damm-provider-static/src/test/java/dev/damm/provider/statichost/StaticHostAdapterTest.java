package dev.damm.provider.statichost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.AddressFamily;
import dev.damm.spi.provider.EgressIpRef;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.HealthSignal;
import dev.damm.spi.provider.HealthStatus;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderRegistry;
import dev.damm.spi.transport.TransportTier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the static-host adapter does beyond the contracts: it includes only configured hosts, and
 * probes only them. Every probe here targets 127.0.0.1; other addresses are documentation ranges
 * that are never contacted.
 */
class StaticHostAdapterTest {
    private static final RegionCode EU = RegionCode.of("eu-central");
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static ProviderAdapter open(String hosts) {
        return new StaticHostPlugin().open(ProviderConfig.builder("static").setting("hosts", hosts)
                .connectTimeout(Duration.ofMillis(500)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
    }

    private static FrontDoorSpec.Builder door() {
        return FrontDoorSpec.builder().region(EU);
    }

    @Test
    void includesAConfiguredHostsEndpointAsAFrontDoor() {
        try (ProviderAdapter adapter = open("pi-home=203.0.113.5:51820 region=eu-central")) {
            FrontDoorRef ref = adapter.ingress().orElseThrow().allocateFrontDoor(door().nodeId("pi-home").idempotencyKey("k1").build());

            assertEquals(Endpoint.parse("203.0.113.5:51820"), ref.endpoint());
            assertEquals("frontdoor/pi-home", ref.id());
            assertEquals(TransportTier.T0, ref.tier());
            assertEquals(OptionalDouble.of(1.0), adapter.metrics("pi-home").value("static.frontdoor.included"));
        }
    }

    @Test
    void cannotCreateAHostThatIsNotConfigured() {
        try (ProviderAdapter adapter = open("pi-home=203.0.113.5:51820 region=eu-central")) {
            DammException e = assertThrows(DammException.class,
                    () -> adapter.ingress().orElseThrow().allocateFrontDoor(door().nodeId("new-vm").idempotencyKey("k1").build()));

            assertEquals(ErrorCode.PROVIDER_NOT_FOUND, e.errorCode());
            assertTrue(e.getMessage().contains("configured: pi-home") && e.getMessage().contains("never created"), e.getMessage());
        }
    }

    @Test
    void withoutANodeIdTheFirstFreeHostInTheRegionIsIncludedUntilNoneIsLeft() {
        try (ProviderAdapter adapter = open("a=203.0.113.5:1 region=eu-central, b=203.0.113.6:1 region=eu-central, c=203.0.113.7:1 region=us-east")) {
            var ingress = adapter.ingress().orElseThrow();

            assertEquals("frontdoor/a", ingress.allocateFrontDoor(door().idempotencyKey("k1").build()).id());
            assertEquals("frontdoor/b", ingress.allocateFrontDoor(door().idempotencyKey("k2").build()).id());
            DammException e = assertThrows(DammException.class, () -> ingress.allocateFrontDoor(door().idempotencyKey("k3").build()));
            assertEquals(ErrorCode.PROVIDER_NOT_FOUND, e.errorCode());
        }
    }

    @Test
    void aHostIncludedUnderAnotherKeyIsAConflictAndReleaseExcludesIt() {
        try (ProviderAdapter adapter = open("a=203.0.113.5:1 region=eu-central")) {
            var ingress = adapter.ingress().orElseThrow();
            FrontDoorRef first = ingress.allocateFrontDoor(door().nodeId("a").idempotencyKey("k1").build());

            DammException e = assertThrows(DammException.class, () -> ingress.allocateFrontDoor(door().nodeId("a").idempotencyKey("k2").build()));
            assertEquals(ErrorCode.PROVIDER_CONFLICT, e.errorCode());

            ingress.releaseFrontDoor(first);
            assertEquals(OptionalDouble.of(0.0), adapter.metrics("a").value("static.frontdoor.included"));
            assertEquals("frontdoor/a", ingress.allocateFrontDoor(door().nodeId("a").idempotencyKey("k2").build()).id());
        }
    }

    @Test
    void reusingAKeyForAnotherHostIsAConflict() {
        try (ProviderAdapter adapter = open("a=203.0.113.5:1 region=eu-central, b=203.0.113.6:1 region=eu-central")) {
            var ingress = adapter.ingress().orElseThrow();
            ingress.allocateFrontDoor(door().nodeId("a").idempotencyKey("k1").build());

            DammException e = assertThrows(DammException.class, () -> ingress.allocateFrontDoor(door().nodeId("b").idempotencyKey("k1").build()));

            assertEquals(ErrorCode.PROVIDER_CONFLICT, e.errorCode());
        }
    }

    @Test
    void aHostInAnotherRegionOrTierIsAnInvalidRequest() {
        try (ProviderAdapter adapter = open("a=203.0.113.5:1 region=us-east")) {
            var ingress = adapter.ingress().orElseThrow();

            assertEquals(ErrorCode.PROVIDER_INVALID_REQUEST, assertThrows(DammException.class,
                    () -> ingress.allocateFrontDoor(door().nodeId("a").idempotencyKey("k1").build())).errorCode());
            assertEquals(ErrorCode.PROVIDER_INVALID_REQUEST, assertThrows(DammException.class,
                    () -> ingress.allocateFrontDoor(door().region(RegionCode.of("us-east")).nodeId("a").tier(TransportTier.T3)
                            .idempotencyKey("k1").build())).errorCode());
        }
    }

    @Test
    void aRefFromAnotherProviderIsRefused() {
        try (ProviderAdapter adapter = open("a=203.0.113.5:1 region=eu-central")) {
            FrontDoorRef foreign = new FrontDoorRef(dev.damm.spi.provider.ProviderId.of("hetzner"), "frontdoor/a", EU,
                    Endpoint.parse("203.0.113.5:1"), TransportTier.T0, Map.of());

            DammException e = assertThrows(DammException.class, () -> adapter.ingress().orElseThrow().releaseFrontDoor(foreign));

            assertTrue(e.getMessage().startsWith("frontDoor.provider:"), e.getMessage());
        }
    }

    @Test
    void egressUsesTheConfiguredAddressOfTheRightFamily() throws Exception {
        try (ProviderAdapter adapter = open("a=203.0.113.5:1 region=eu-central, v6=[2001:db8::7]:1 region=eu-central, "
                + "named=gw.example.net:1 region=eu-central")) {
            var egress = adapter.egress().orElseThrow();
            EgressIpSpec.Builder spec = EgressIpSpec.builder().region(EU);

            EgressIpRef v4 = egress.allocateEgressIp(spec.nodeId("a").idempotencyKey("e1").build());
            EgressIpRef v6 = egress.allocateEgressIp(EgressIpSpec.builder().region(EU).nodeId("v6").family(AddressFamily.IPV6)
                    .idempotencyKey("e2").build());

            assertEquals(InetAddress.getByName("203.0.113.5"), v4.address());
            assertEquals(InetAddress.getByName("2001:db8::7"), v6.address());
            assertEquals(ErrorCode.PROVIDER_INVALID_REQUEST, assertThrows(DammException.class, () -> egress.allocateEgressIp(
                    EgressIpSpec.builder().region(EU).nodeId("named").idempotencyKey("e3").build())).errorCode());
            assertEquals(ErrorCode.PROVIDER_INVALID_REQUEST, assertThrows(DammException.class, () -> egress.allocateEgressIp(
                    EgressIpSpec.builder().region(EU).nodeId("v6").idempotencyKey("e4").build())).errorCode());
        }
    }

    @Test
    void aListeningProbePortIsHealthyWithItsLatency() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ProviderAdapter adapter = open("local=127.0.0.1:51820 region=eu-central probe=" + listener.getLocalPort())) {
            HealthSignal signal = adapter.probeHealth("local");

            assertEquals(HealthStatus.HEALTHY, signal.status(), signal.detail());
            assertTrue(signal.measuredLatency().isPresent());
            assertEquals(NOW, signal.observedAt());
            assertEquals(HealthStatus.HEALTHY, adapter.probeHealth("127.0.0.1:51820").status(), "a host is also found by its endpoint");
        }
    }

    @Test
    void aClosedProbePortIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ProviderAdapter adapter = open("local=127.0.0.1:51820 region=eu-central probe=" + closedPort)) {
            HealthSignal signal = adapter.probeHealth("local");

            assertEquals(HealthStatus.UNHEALTHY, signal.status());
            assertTrue(signal.detail().contains("refused"), signal.detail());
        }
    }

    @Test
    void aHostWithoutAProbePortIsUnknownRatherThanGuessed() {
        try (ProviderAdapter adapter = open("local=127.0.0.1:51820 region=eu-central")) {
            HealthSignal signal = adapter.probeHealth("local");

            assertEquals(HealthStatus.UNKNOWN, signal.status());
            assertTrue(signal.detail().contains("UDP"), signal.detail());
        }
    }

    @Test
    void anUnconfiguredTargetIsUnknownAndNeverContacted() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ProviderAdapter adapter = open("other=203.0.113.5:51820 region=eu-central")) {
            listener.setSoTimeout(200);

            HealthSignal signal = adapter.probeHealth("127.0.0.1:" + listener.getLocalPort());

            assertEquals(HealthStatus.UNKNOWN, signal.status());
            assertThrows(SocketTimeoutException.class, listener::accept, "the adapter must not have connected");
        }
    }

    @Test
    void hostsCanComeFromAFileAlongsideTheInlineList(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hosts.txt");
        Files.writeString(file, "# one per line\nfile-host=203.0.113.9:51820\n");
        ProviderConfig config = ProviderConfig.builder("static").setting("hosts", "inline=203.0.113.8:51820")
                .setting("hostsFile", file.toString()).setting("region", "eu-central").build();

        try (ProviderAdapter adapter = new StaticHostPlugin().open(config)) {
            var ingress = adapter.ingress().orElseThrow();
            assertEquals("frontdoor/file-host", ingress.allocateFrontDoor(door().nodeId("file-host").idempotencyKey("f").build()).id());
            assertEquals(java.util.Set.of(EU), adapter.regions().supported());
        }
    }

    @Test
    void configurationMistakesAreConfigurationErrorsNamingTheKey(@TempDir Path dir) {
        assertConfigError("hosts: no hosts configured", ProviderConfig.builder("static").build());
        assertConfigError("hostsFile: ", ProviderConfig.builder("static").setting("hostsFile", dir.resolve("absent").toString()).build());
        assertConfigError("region: ", ProviderConfig.builder("static").setting("region", "Not A Region").setting("hosts", "a=203.0.113.5:1").build());
        assertConfigError("provider: ", ProviderConfig.builder("fake").build());
    }

    @Test
    void theRegistryFindsTheStaticPluginOnTheClassPath() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(getClass().getClassLoader()).build();

        assertTrue(registry.plugin(dev.damm.spi.provider.ProviderId.of("static")).isPresent(), registry.toString());
        assertTrue(registry.loadFailures().isEmpty(), registry.loadFailures().toString());
    }

    @Test
    void aClosedAdapterRefusesWork() {
        ProviderAdapter adapter = open("a=203.0.113.5:1 region=eu-central");
        adapter.close();

        assertThrows(IllegalStateException.class, () -> adapter.probeHealth("a"));
    }

    private static void assertConfigError(String prefix, ProviderConfig config) {
        DammException e = assertThrows(DammException.class, () -> new StaticHostPlugin().open(config));
        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
