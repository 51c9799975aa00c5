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
    void aGatewayThatNeverRegisteredIsRetiredAndItsTokenNoLongerRegisters() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        String token = f.cp.gateways().provision(GatewayId.of("gw-n"), "never", EU, dev.damm.spi.provider.ProviderId.of("static"), "admin").token();
        expectUnchanged(f, ErrorCode.GATEWAY_NOT_REGISTERED, () -> f.cp.gateways().drain(GatewayId.of("gw-n"), "admin"));
        assertEquals(GatewayStatus.RETIRED, f.cp.gateways().retire(GatewayId.of("gw-n"), "admin").status());
        expectUnchanged(f, ErrorCode.PERMISSION_DENIED, () -> f.cp.gateways().register(token, new dev.damm.core.gateway.GatewayRegistration(
                f.randomKey(), List.of(new dev.damm.core.gateway.GatewayRegistration.DeclaredFrontDoor("gw-n-t0",
                        new dev.damm.spi.net.Endpoint("gw-n.example.net", 51820), dev.damm.spi.transport.TransportTier.T0, 10, java.util.Map.of())))));
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

    private static GatewayRegistration oneDoor(ControlPlaneFixture f, String door) {
        return new GatewayRegistration(f.randomKey(),
                List.of(new GatewayRegistration.DeclaredFrontDoor(door, new Endpoint("x.example.net", 51820), TransportTier.T0, 1, Map.of())));
    }

    @Test
    void registeringSpendsTheTokenAndIssuesADistinctCredential() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        var p = f.cp.gateways().provision(GatewayId.of("gw-c"), "c", EU, ProviderId.of("hetzner"), "admin");
        assertEquals(f.clock.instant().plus(GatewayService.DEFAULT_TOKEN_TTL), p.expiresAt());
        GatewayService.Registered r = f.cp.gateways().register(p.token(), oneDoor(f, "gw-c-t0"));
        String credential = r.credential().orElseThrow();
        assertTrue(credential.startsWith(GatewayService.CREDENTIAL_PREFIX), credential.substring(0, 4));
        assertFalse(r.toString().contains(credential), "the credential is never in a toString");
        assertEquals(GatewayStatus.ACTIVE, r.gateway().status());
        assertTrue(r.gateway().tokenSpentAt().isPresent());
        // The spent token does nothing more: no second registration, no heartbeat, no admission.
        DammException again = assertThrows(DammException.class, () -> f.cp.gateways().register(p.token(), oneDoor(f, "gw-c-t0")));
        assertTrue(again.getMessage().contains("already used"), again.getMessage());
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().register(p.token(), oneDoor(f, "gw-c-t0")));
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().heartbeat(p.token(), HeartbeatMetrics.IDLE));
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().authenticate(p.token()));
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().heartbeat("dgc_forged", HeartbeatMetrics.IDLE));
        // The credential does everything after registration, including a key change, and stays the same.
        assertEquals(GatewayId.of("gw-c"), f.cp.gateways().heartbeat(credential, new HeartbeatMetrics(0.3, 1, 2, 3)).id());
        GatewayRegistration moved = oneDoor(f, "gw-c-t0");
        GatewayService.Registered re = f.cp.gateways().register(credential, moved);
        assertTrue(re.credential().isEmpty(), "re-registering with the credential issues none");
        assertEquals(moved.publicKey(), f.cp.gateways().authenticate(credential).publicKey().orElseThrow());
        List<String> actions = f.store.inTransaction(tx -> tx.audit().list(0, 1000)).stream().map(e -> e.action()).toList();
        assertTrue(actions.containsAll(List.of("gateway.provision", "gateway.token.issue", "gateway.register")), actions.toString());
        String audit = f.store.inTransaction(tx -> tx.audit().list(0, 1000)).toString();
        assertFalse(audit.contains(p.token().substring(3)) || audit.contains(credential.substring(4)), "no secret in the audit log");
    }

    @Test
    void anExpiredTokenIsRefusedAndSaysSo() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        var p = f.cp.gateways().provision(GatewayId.of("gw-e"), "e", EU, ProviderId.of("hetzner"), Duration.ofMinutes(5), "admin");
        f.clock.advance(Duration.ofMinutes(5));
        DammException e = assertThrows(DammException.class, () -> f.cp.gateways().register(p.token(), oneDoor(f, "gw-e-t0")));
        assertEquals(ErrorCode.UNAUTHENTICATED, e.errorCode());
        assertTrue(e.getMessage().startsWith("registrationToken: expired at " + p.expiresAt()), e.getMessage());
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().register(p.token(), oneDoor(f, "gw-e-t0")));
        expectUnchanged(f, ErrorCode.INVALID_ARGUMENT, () -> f.cp.gateways().provision(GatewayId.of("gw-f"), "f", EU, ProviderId.of("hetzner"),
                Duration.ofSeconds(59), "admin"));
        expectUnchanged(f, ErrorCode.INVALID_ARGUMENT, () -> f.cp.gateways().provision(GatewayId.of("gw-f"), "f", EU, ProviderId.of("hetzner"),
                GatewayService.MAX_TOKEN_TTL.plusSeconds(1), "admin"));
        // A new token for the same gateway works where the expired one did not.
        var fresh = f.cp.gateways().reissueToken(GatewayId.of("gw-e"), Duration.ofHours(2), "admin");
        assertEquals(GatewayId.of("gw-e"), f.cp.gateways().register(fresh.token(), oneDoor(f, "gw-e-t0")).gateway().id());
    }

    @Test
    void aReissuedTokenReplacesTheCredentialAndKeepsTheGateway() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        String old = f.addGateway("gw-r", EU, "hetzner");
        int gateways = f.store.inTransaction(tx -> tx.gateways().list()).size();
        var p = f.cp.gateways().reissueToken(GatewayId.of("gw-r"), GatewayService.DEFAULT_TOKEN_TTL, "admin");
        var unused = f.cp.gateways().reissueToken(GatewayId.of("gw-r"), GatewayService.DEFAULT_TOKEN_TTL, "admin");
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().register(p.token(), oneDoor(f, "gw-r-t0")));
        f.cp.gateways().heartbeat(old, HeartbeatMetrics.IDLE); // the running gateway is not cut off by a token alone
        GatewayService.Registered r = f.cp.gateways().register(unused.token(), oneDoor(f, "gw-r-t0"));
        assertEquals(GatewayId.of("gw-r"), r.gateway().id());
        assertEquals(GatewayStatus.ACTIVE, r.gateway().status());
        assertEquals(gateways, f.store.inTransaction(tx -> tx.gateways().list()).size(), "never a second gateway");
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().heartbeat(old, HeartbeatMetrics.IDLE));
        f.cp.gateways().heartbeat(r.credential().orElseThrow(), HeartbeatMetrics.IDLE);
        f.cp.gateways().retire(GatewayId.of("gw-r"), "admin");
        expectUnchanged(f, ErrorCode.CONFLICT, () -> f.cp.gateways().reissueToken(GatewayId.of("gw-r"), Duration.ofHours(1), "admin"));
        expectUnchanged(f, ErrorCode.NOT_FOUND, () -> f.cp.gateways().reissueToken(GatewayId.of("gw-none"), Duration.ofHours(1), "admin"));
    }

    @Test
    void aTokenIssuedBeforeTokensHadALifetimeWorksOnceMore() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        var p = f.cp.gateways().provision(GatewayId.of("gw-old"), "old", EU, ProviderId.of("hetzner"), "admin");
        // As a row migrated from before token lifetimes reads: no expiry.
        f.store.inTransaction(tx -> {
            tx.gateways().update(tx.gateways().find(GatewayId.of("gw-old")).orElseThrow().toBuilder().tokenExpiresAt(null).build());
            return null;
        });
        f.clock.advance(Duration.ofDays(400));
        String credential = f.cp.gateways().register(p.token(), oneDoor(f, "gw-old-t0")).credential().orElseThrow();
        assertEquals(GatewayId.of("gw-old"), f.cp.gateways().authenticate(credential).id());
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.gateways().register(p.token(), oneDoor(f, "gw-old-t0")));
    }
}
