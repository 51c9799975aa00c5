package dev.damm.core.gateway;

import dev.damm.core.internal.audit.AuditLog;
import dev.damm.core.enroll.Secrets;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.placement.FleetView;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.StoreTransaction;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gateway admission: an operator provisions a gateway and gets a gateway-scoped token; the
 * gateway registers its public key and front doors with that token, then heartbeats. A heartbeat
 * before registration is its own error. Drain stops new placements but keeps the gateway as a
 * failover target; retire removes it.
 */
public final class GatewayService {
    /** Gateway tokens start with this prefix. */
    public static final String TOKEN_PREFIX = "dg_";

    private final DammStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final AddressPlan addressPlan;
    private final FleetView fleet;

    public GatewayService(DammStore store, Clock clock, RandomGenerator random, AddressPlan addressPlan, FleetView fleet) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.addressPlan = addressPlan;
        this.fleet = fleet;
    }

    /** A provisioned gateway and its token, shown only here. */
    public record Provisioned(Gateway gateway, String token) {
        @Override
        public String toString() {
            return "Provisioned[" + gateway + ", token=redacted]";
        }
    }

    public Provisioned provision(GatewayId id, String name, RegionCode region, ProviderId providerId, String actor) {
        Require.nonNull("gatewayId", id);
        Require.text("actor", actor, 128);
        String token = Secrets.newSecret(random, TOKEN_PREFIX);
        Gateway g = Gateway.builder(id).name(name).region(region).providerId(providerId).status(GatewayStatus.PROVISIONED)
                .tokenHash(Secrets.hash(token)).tunnelAddresses(addressPlan.gatewayInterfaceAddresses()).build();
        Instant now = clock.instant();
        store.inTransaction(tx -> {
            tx.gateways().insert(g);
            AuditLog.record(tx, now, actor, "gateway.provision", "gateway:" + id, null, AuditLog.snapshot(g));
            return null;
        });
        return new Provisioned(g, token);
    }

    /** Registers (or re-registers after a key change) the gateway the token belongs to. */
    public Gateway register(String token, GatewayRegistration registration) {
        Require.nonNull("registration", registration);
        byte[] hash = tokenHash(token);
        Instant now = clock.instant();
        Gateway result = store.inTransaction(tx -> {
            Gateway before = byToken(tx, hash);
            if (before.status() == GatewayStatus.RETIRED) {
                throw new DammException(ErrorCode.PERMISSION_DENIED, "gateway: " + before.id() + " is retired");
            }
            List<FrontDoor> doors = new ArrayList<>();
            for (GatewayRegistration.DeclaredFrontDoor s : registration.frontDoors()) {
                FrontDoorState state = before.frontDoor(s.id()).map(FrontDoor::state).orElse(FrontDoorState.ACTIVE);
                doors.add(s.toFrontDoor(before.id(), state));
            }
            Gateway after = before.toBuilder().publicKey(registration.publicKey()).frontDoors(doors)
                    .status(before.status() == GatewayStatus.PROVISIONED ? GatewayStatus.ACTIVE : before.status())
                    .registeredAt(now).lastHeartbeatAt(now).build();
            tx.gateways().update(after);
            AuditLog.record(tx, now, "gateway:" + before.id(), "gateway.register", "gateway:" + before.id(),
                    AuditLog.snapshot(before), AuditLog.snapshot(after));
            return after;
        });
        fleet.invalidate();
        return result;
    }

    /**
     * Records a heartbeat in the store; only a registered gateway may send one. This reaches the
     * store only: the control loop's heartbeat ({@code ControlLoop.heartbeat}) calls it and feeds the
     * score book too, so placement, catalogs and scores agree on which gateways are alive.
     */
    public Gateway heartbeat(String token, HeartbeatMetrics metrics) {
        Require.nonNull("metrics", metrics);
        byte[] hash = tokenHash(token);
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Gateway g = byToken(tx, hash);
            if (g.status() == GatewayStatus.PROVISIONED) {
                throw new DammException(ErrorCode.GATEWAY_NOT_REGISTERED, "gateway: " + g.id() + " must register before sending heartbeats");
            }
            if (g.status() == GatewayStatus.RETIRED) {
                throw new DammException(ErrorCode.PERMISSION_DENIED, "gateway: " + g.id() + " is retired");
            }
            Gateway after = g.toBuilder().lastHeartbeatAt(now).metrics(metrics).build();
            tx.gateways().update(after);
            return after;
        });
    }

    /** Authenticates a gateway token and returns its gateway (for admission and usage calls). */
    public Gateway authenticate(String token) {
        byte[] hash = tokenHash(token);
        return store.inTransaction(tx -> byToken(tx, hash));
    }

    public Gateway drain(GatewayId id, String actor) {
        return transition(id, actor, "gateway.drain", GatewayStatus.DRAINING);
    }

    public Gateway retire(GatewayId id, String actor) {
        return transition(id, actor, "gateway.retire", GatewayStatus.RETIRED);
    }

    /** Sets a front door's state (operator withdrawal or restore; the score model demotes on its own). */
    public Gateway setFrontDoorState(GatewayId id, FrontDoorId door, FrontDoorState state, String actor) {
        Require.nonNull("state", state);
        Require.text("actor", actor, 128);
        Instant now = clock.instant();
        Gateway g = store.inTransaction(tx -> {
            Gateway before = find(tx, id);
            FrontDoor fd = before.frontDoor(door)
                    .orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND, "frontDoorId: " + door + " not found on gateway " + id));
            List<FrontDoor> doors = before.frontDoors().stream().map(f -> f.id().equals(fd.id()) ? f.withState(state) : f).toList();
            Gateway after = before.toBuilder().frontDoors(doors).build();
            tx.gateways().update(after);
            AuditLog.record(tx, now, actor, "frontdoor.state", "frontdoor:" + door, AuditLog.snapshot(fd), AuditLog.snapshot(fd.withState(state)));
            return after;
        });
        fleet.invalidate();
        return g;
    }

    private Gateway transition(GatewayId id, String actor, String action, GatewayStatus to) {
        Require.text("actor", actor, 128);
        Instant now = clock.instant();
        Gateway g = store.inTransaction(tx -> {
            Gateway before = find(tx, id);
            if (before.status() == GatewayStatus.RETIRED) {
                throw new DammException(ErrorCode.CONFLICT, "gateway: " + id + " is already retired");
            }
            if (before.status() == GatewayStatus.PROVISIONED && to == GatewayStatus.DRAINING) {
                throw new DammException(ErrorCode.GATEWAY_NOT_REGISTERED, "gateway: " + id + " never registered; retire it instead");
            }
            Gateway after = before.toBuilder().status(to).build();
            tx.gateways().update(after);
            AuditLog.record(tx, now, actor, action, "gateway:" + id, AuditLog.snapshot(before), AuditLog.snapshot(after));
            return after;
        });
        fleet.invalidate();
        return g;
    }

    private static Gateway find(StoreTransaction tx, GatewayId id) {
        Require.nonNull("gatewayId", id);
        return tx.gateways().find(id).orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND, "gatewayId: " + id + " not found"));
    }

    private static byte[] tokenHash(String token) {
        if (token == null || token.isBlank() || token.length() > 128 || !token.strip().startsWith(TOKEN_PREFIX)) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "gatewayToken: missing or malformed");
        }
        return Secrets.hash(token.strip());
    }

    private static Gateway byToken(StoreTransaction tx, byte[] hash) {
        return tx.gateways().findByTokenHash(hash).filter(g -> Secrets.constantTimeEquals(g.tokenHash(), hash))
                .orElseThrow(() -> new DammException(ErrorCode.UNAUTHENTICATED, "gatewayToken: unknown"));
    }
}
