package dev.damm.spi.provider;

import static dev.damm.spi.provider.NodeSpecTest.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecsAndRefsTest {
    private static final ProviderId P = ProviderId.of("fake");
    private static final RegionCode EU = RegionCode.of("eu-central");

    @Test
    void frontDoorSpecDefaultsToT0AndCarriesTheKeyInProviderLabels() {
        FrontDoorSpec spec = FrontDoorSpec.builder().region(EU).nodeId("pi-home").idempotencyKey("fd-1").build();

        assertEquals(TransportTier.T0, spec.tier());
        assertEquals(Optional.of("pi-home"), spec.nodeId());
        assertEquals(Map.of(IdempotencyKey.LABEL, "fd-1"), spec.providerLabels());
        assertEquals(spec, FrontDoorSpec.builder().region(EU).nodeId("pi-home").idempotencyKey("fd-1").build());
        assertEquals("frontDoorSpec.region", field(() -> FrontDoorSpec.builder().idempotencyKey("k").build()));
        assertEquals("frontDoorSpec.idempotencyKey", field(() -> FrontDoorSpec.builder().region(EU).build()));
    }

    @Test
    void egressIpSpecDefaultsToIpv4() {
        EgressIpSpec spec = EgressIpSpec.builder().region(EU).idempotencyKey("eg-1").build();

        assertEquals(AddressFamily.IPV4, spec.family());
        assertEquals(Optional.empty(), spec.nodeId());
        assertEquals("egressIpSpec.family", field(() -> EgressIpSpec.builder().region(EU).family(null).idempotencyKey("k").build()));
    }

    @Test
    void overlaySpecChecksHostnameAndTags() {
        OverlaySpec spec = OverlaySpec.builder().network("example.ts.net").nodeId("n-1").hostname("damm-gw-1")
                .tag("tag:damm-gateway").idempotencyKey("ov-1").build();

        assertEquals(List.of("tag:damm-gateway"), spec.tags());
        assertEquals("overlaySpec.hostname", field(() -> OverlaySpec.builder().network("n").nodeId("n-1").hostname("Not_A_Label")
                .idempotencyKey("k").build()));
        assertEquals("overlaySpec.tags", field(() -> OverlaySpec.builder().network("n").nodeId("n-1").hostname("gw")
                .tag("bad tag").idempotencyKey("k").build()));
    }

    @Test
    void frontSpecAcceptsOnlyT3AndT4AndAQualifiedHostname() {
        Endpoint origin = Endpoint.parse("203.0.113.5:443");
        FrontSpec spec = FrontSpec.builder().origin(origin).hostname("WG-Front-7.Example.COM").idempotencyKey("fr-1").build();

        assertEquals(TransportTier.T4, spec.tier());
        assertEquals(Optional.of("wg-front-7.example.com"), spec.hostname());
        assertEquals("frontSpec.tier", field(() -> FrontSpec.builder().origin(origin).tier(TransportTier.T0).idempotencyKey("k").build()));
        assertEquals("frontSpec.hostname", field(() -> FrontSpec.builder().origin(origin).hostname("localhost").idempotencyKey("k").build()));
    }

    @Test
    void tunnelSpecChecksItsName() {
        Endpoint origin = Endpoint.parse("127.0.0.1:8443");

        assertEquals("t-1", TunnelSpec.builder().name("t-1").origin(origin).idempotencyKey("tu-1").build().name());
        assertEquals("tunnelSpec.name", field(() -> TunnelSpec.builder().name("bad name").origin(origin).idempotencyKey("k").build()));
    }

    @Test
    void specsAreEqualOnlyToTheSameKindWithTheSameValuesLabelsAndKey() {
        FrontDoorSpec a = FrontDoorSpec.builder().region(EU).label("pool", "warm").idempotencyKey("k-1").build();
        FrontDoorSpec same = FrontDoorSpec.builder().region(EU).labels(Map.of("pool", "warm")).idempotencyKey("k-1").build();
        EgressIpSpec otherKind = EgressIpSpec.builder().region(EU).label("pool", "warm").idempotencyKey("k-1").build();

        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertTrue(!a.equals(otherKind) && !otherKind.equals(a));
        assertTrue(!a.equals(FrontDoorSpec.builder().region(EU).label("pool", "cold").idempotencyKey("k-1").build()));
        assertTrue(!a.equals(FrontDoorSpec.builder().region(EU).label("pool", "warm").idempotencyKey("k-2").build()));
        assertTrue(!a.equals(FrontDoorSpec.builder().region(EU).nodeId("n").label("pool", "warm").idempotencyKey("k-1").build()));
        assertEquals("FrontDoorSpec[T0 in eu-central, labels={pool=warm}, idempotencyKey=k-1]", a.toString());
        assertEquals("TunnelSpec[t-1 to 127.0.0.1:8443, labels={}, idempotencyKey=tu-1]",
                TunnelSpec.builder().name("t-1").origin(Endpoint.parse("127.0.0.1:8443")).idempotencyKey("tu-1").build().toString());
    }

    @Test
    void refsExposeTheIdempotencyKeyTheyWereCreatedWith() throws Exception {
        NodeRef node = new NodeRef(P, "srv-1", "damm-1", EU, NodeRole.INGRESS, NodeState.RUNNING,
                List.of(InetAddress.getByName("203.0.113.9")), Map.of(IdempotencyKey.LABEL, "k-1", "tier", "a"));
        FrontDoorRef door = new FrontDoorRef(P, "fd-1", EU, Endpoint.parse("203.0.113.9:51820"), TransportTier.T0, Map.of());

        assertEquals(Optional.of(IdempotencyKey.of("k-1")), node.idempotencyKey());
        assertEquals(Optional.empty(), door.idempotencyKey());
        assertEquals(NodeState.DRAINING, node.withState(NodeState.DRAINING).state());
        assertEquals("srv-1", node.withState(NodeState.DRAINING).id());
    }

    @Test
    void refsCopyTheirCollections() throws Exception {
        java.util.ArrayList<InetAddress> addresses = new java.util.ArrayList<>(List.of(InetAddress.getByName("203.0.113.9")));
        NodeRef node = new NodeRef(P, "srv-1", "damm-1", EU, NodeRole.EGRESS, NodeState.RUNNING, addresses, Map.of());
        addresses.clear();

        assertEquals(1, node.publicAddresses().size());
        assertThrows(UnsupportedOperationException.class, () -> node.publicAddresses().clear());
    }

    @Test
    void refsNameTheirBadField() {
        assertEquals("nodeRef.id", field(() -> new NodeRef(P, " ", "n", EU, NodeRole.INGRESS, NodeState.RUNNING, List.of(), Map.of())));
        assertEquals("egressIpRef.address", field(() -> new EgressIpRef(P, "e", EU, null, Map.of())));
        assertEquals("frontRef.edge", field(() -> new FrontRef(P, "f", "a.example", null, Endpoint.parse("127.0.0.1:1"),
                TransportTier.T4, Map.of())));
        assertEquals("tunnelRef.origin", field(() -> new TunnelRef(P, "t", "t", "t.example", null, Map.of())));
        assertEquals("overlayMembership.network", field(() -> new OverlayMembership(P, "m", "", "h", List.of(), Map.of())));
    }

    @Test
    void nodeFilterMatchesOnRegionRoleAndEveryLabel() {
        NodeRef node = new NodeRef(P, "srv-1", "damm-1", EU, NodeRole.INGRESS, NodeState.RUNNING, List.of(),
                Map.of(IdempotencyKey.LABEL, "k-1", "pool", "warm"));

        assertTrue(NodeFilter.all().matches(node));
        assertTrue(NodeFilter.withLabels(Map.of("pool", "warm")).matches(node));
        assertTrue(NodeFilter.withIdempotencyKey(IdempotencyKey.of("k-1")).matches(node));
        assertTrue(!NodeFilter.withLabels(Map.of("pool", "warm", "extra", "x")).matches(node));
        assertTrue(!NodeFilter.builder().region(RegionCode.of("us-east")).build().matches(node));
        assertTrue(!NodeFilter.builder().role(NodeRole.EGRESS).build().matches(node));
        assertTrue(NodeFilter.builder().region(EU).role(NodeRole.INGRESS).label("pool", "warm").build().matches(node));
    }

    @Test
    void nodeFilterRejectsMalformedLabels() {
        assertThrows(DammException.class, () -> NodeFilter.withLabels(Map.of("bad key", "v")));
    }
}
