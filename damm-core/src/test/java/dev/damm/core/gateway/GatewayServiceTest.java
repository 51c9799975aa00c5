package dev.damm.core.gateway;

import dev.damm.spi.provider.ProviderId;
import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.testing.StoreFingerprint;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayServiceTest {

    private static void expectUnchanged(ControlPlaneFixture f, ErrorCode code, Runnable call) {
        StoreFingerprint.assertFailsUnchanged(f.store, code, call);
    }

    @Test
    void aHeartbeatBeforeRegistrationIsItsOwnError() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        var p = f.cp.gateways().provision(GatewayId.of("gw-new"), "new", EU, ProviderId.of("hetzner"), "admin");
        expectUnchanged(f, ErrorCode.GATEWAY_NOT_REGISTERED, () -> f.cp.gateways().heartbeat(p.token(), HeartbeatMetrics.IDLE));
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().heartbeat("dg_unknown", HeartbeatMetrics.IDLE));
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().heartbeat("", HeartbeatMetrics.IDLE));
    }

    @Test
    void healthFollowsHeartbeatFreshness() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        String token = f.addGateway("gw-a", EU, "hetzner");
        Gateway g = f.cp.gateways().authenticate(token);
        assertTrue(g.isHealthy(f.clock.instant(), Duration.ofSeconds(90)));
        f.clock.advance(Duration.ofSeconds(91));
        assertFalse(f.cp.gateways().authenticate(token).isHealthy(f.clock.instant(), Duration.ofSeconds(90)));
        f.cp.gateways().heartbeat(token, new HeartbeatMetrics(0.5, 3, 10, 20));
        assertTrue(f.cp.gateways().authenticate(token).isHealthy(f.clock.instant(), Duration.ofSeconds(90)));
    }

    @Test
    void drainStopsNewPlacementsButRetireRemovesTheGateway() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        String a = f.addGateway("gw-a", EU, "hetzner");
        f.addGateway("gw-b", EU, "hetzner");
        f.cp.gateways().drain(GatewayId.of("gw-a"), "admin");
        assertEquals(GatewayId.of("gw-b"), f.enroll().device().gatewayId());
        Gateway drained = f.cp.gateways().authenticate(a);
        assertEquals(GatewayStatus.DRAINING, drained.status());
        assertTrue(drained.isHealthy(f.clock.instant(), Duration.ofSeconds(90)), "a draining gateway stays a failover target");
        f.cp.gateways().retire(GatewayId.of("gw-a"), "admin");
        expectUnchanged(f, ErrorCode.PERMISSION_DENIED, () -> f.cp.gateways().heartbeat(a, HeartbeatMetrics.IDLE));
        expectUnchanged(f, ErrorCode.CONFLICT, () -> f.cp.gateways().retire(GatewayId.of("gw-a"), "admin"));
        expectUnchanged(f, ErrorCode.NOT_FOUND, () -> f.cp.gateways().drain(GatewayId.of("gw-zz"), "admin"));
    }

    @Test
    void frontDoorIdsAreUniqueAcrossGatewaysAndDemotedDoorsRankLast() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        var p = f.cp.gateways().provision(GatewayId.of("gw-b"), "b", EU, ProviderId.of("hetzner"), "admin");
        expectUnchanged(f, ErrorCode.CONFLICT, () -> f.cp.gateways().register(p.token(), new GatewayRegistration(f.randomKey(),
                List.of(new GatewayRegistration.DeclaredFrontDoor("gw-a-t0", new Endpoint("x.example.net", 1), TransportTier.T0, 1, Map.of())))));
        f.cp.gateways().setFrontDoorState(GatewayId.of("gw-a"), FrontDoorId.of("gw-a-t0"), FrontDoorState.DEMOTED, "admin");
        var r = f.enroll();
        assertEquals(FrontDoorId.of("gw-a-t1"), r.peer().frontDoor().id(), "active door beats a demoted one with better priority");
        assertEquals(FrontDoorId.of("gw-a-t0"), r.peer().alternates().get(0).frontDoor().id(), "the demoted door stays as failover");
    }
}
