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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Gateway admission: an operator provisions a gateway and gets a one-time registration token that
 * expires; the gateway registers its public key and front doors with that token, which spends it
 * and issues the gateway credential. Heartbeats, admission polls, usage reports and later
 * re-registrations (a key or front-door change) authenticate with the credential only. A lost
 * credential or a replaced machine gets a new registration token for the same gateway
 * ({@link #reissueToken}); registering with it replaces the credential and keeps the gateway's id.
 * A heartbeat before registration is its own error. Drain stops new placements but keeps the
 * gateway as a failover target; retire removes it.
 */
public final class GatewayService {
    /** Registration tokens start with this prefix. */
    public static final String TOKEN_PREFIX = "dg_";
    /** Gateway credentials start with this prefix (distinct from {@link #TOKEN_PREFIX}: "dgc_" does not start with "dg_"). */
    public static final String CREDENTIAL_PREFIX = "dgc_";
    /** How long a registration token works when the operator names no lifetime. */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);
    /** The shortest lifetime a registration token may be given. */
    public static final Duration MIN_TOKEN_TTL = Duration.ofMinutes(1);
    /** The longest lifetime a registration token may be given. */
    public static final Duration MAX_TOKEN_TTL = Duration.ofDays(30);

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

    /** A gateway and its new registration token, shown only here. */
    public record Provisioned(Gateway gateway, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Provisioned[" + gateway + ", token=redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** A registration's outcome; {@code credential} is present (and shown only here) when a registration token was spent. */
    public record Registered(Gateway gateway, Optional<String> credential) {
        public Registered {
            Require.nonNull("gateway", gateway);
            Require.nonNull("credential", credential);
        }

        @Override
        public String toString() {
            return "Registered[" + gateway + (credential.isPresent() ? ", credential=redacted" : "") + "]";
        }
    }

    /** Provisions a gateway whose registration token works for {@link #DEFAULT_TOKEN_TTL}. */
    public Provisioned provision(GatewayId id, String name, RegionCode region, ProviderId providerId, String actor) {
        return provision(id, name, region, providerId, DEFAULT_TOKEN_TTL, actor);
    }

    /** Provisions a gateway whose registration token works for {@code tokenTtl}. */
    public Provisioned provision(GatewayId id, String name, RegionCode region, ProviderId providerId, Duration tokenTtl, String actor) {
        Require.nonNull("gatewayId", id);
        Require.text("actor", actor, 128);
        checkTtl(tokenTtl);
        String token = Secrets.newSecret(random, TOKEN_PREFIX);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(tokenTtl);
        Gateway g = Gateway.builder(id).name(name).region(region).providerId(providerId).status(GatewayStatus.PROVISIONED)
                .registrationToken(Secrets.hash(token), expiresAt).tunnelAddresses(addressPlan.gatewayInterfaceAddresses()).build();
        store.inTransaction(tx -> {
            tx.gateways().insert(g);
            AuditLog.record(tx, now, actor, "gateway.provision", "gateway:" + id, null, AuditLog.snapshot(g));
            AuditLog.record(tx, now, actor, "gateway.token.issue", "gateway:" + id, null, tokenFacts(expiresAt));
            return null;
        });
        return new Provisioned(g, token, expiresAt);
    }

    /**
     * Issues a new registration token for an existing gateway (its credential was lost, or its
     * machine was replaced). The previous token stops working at once; the current credential keeps
     * working until the new token is registered with, which replaces it. A retired gateway gets no
     * new token: provision a new gateway instead.
     */
    public Provisioned reissueToken(GatewayId id, Duration tokenTtl, String actor) {
        Require.text("actor", actor, 128);
        checkTtl(tokenTtl);
        String token = Secrets.newSecret(random, TOKEN_PREFIX);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(tokenTtl);
        Gateway g = store.inTransaction(tx -> {
            Gateway before = find(tx, id);
            if (before.status() == GatewayStatus.RETIRED) {
                throw new DammException(ErrorCode.CONFLICT, "gatewayId: " + id + " is retired; provision a new gateway instead");
            }
            Gateway after = before.toBuilder().registrationToken(Secrets.hash(token), expiresAt).build();
            tx.gateways().update(after);
            AuditLog.record(tx, now, actor, "gateway.token.issue", "gateway:" + id, null, tokenFacts(expiresAt));
            return after;
        });
        return new Provisioned(g, token, expiresAt);
    }

    private static Map<String, Object> tokenFacts(Instant expiresAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expiresAt", expiresAt.toString());
        return m;
    }

    private static void checkTtl(Duration ttl) {
        Require.nonNull("ttl", ttl);
        if (ttl.compareTo(MIN_TOKEN_TTL) < 0 || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
            throw DammException.invalid("ttl", "must be between " + MIN_TOKEN_TTL.toSeconds() + " and " + MAX_TOKEN_TTL.toSeconds()
                    + " seconds, was " + ttl.toSeconds());
        }
    }

    /**
     * Registers the gateway a bearer secret belongs to. With its registration token (unspent and
     * unexpired) the token is spent and a new gateway credential is issued, replacing any earlier
     * one; with its credential (a key or front-door change) the credential stays as it is. Either
     * way the gateway keeps its id. A spent or expired token changes nothing.
     */
    public Registered register(String bearer, GatewayRegistration registration) {
        Require.nonNull("registration", registration);
        boolean withToken = isToken(bearer);
        byte[] hash = withToken ? tokenHash(bearer) : credentialHash(bearer);
        String credential = withToken ? Secrets.newSecret(random, CREDENTIAL_PREFIX) : null;
        Instant now = clock.instant();
        Gateway result = store.inTransaction(tx -> {
            Gateway before = withToken ? byToken(tx, hash) : byCredential(tx, hash);
            if (before.status() == GatewayStatus.RETIRED) {
                throw new DammException(ErrorCode.PERMISSION_DENIED, "gateway: " + before.id() + " is retired");
            }
            if (withToken) {
                if (before.tokenSpentAt().isPresent()) {
                    throw new DammException(ErrorCode.UNAUTHENTICATED, "registrationToken: already used at " + before.tokenSpentAt().get()
                            + "; authenticate with the gateway credential it was exchanged for, or ask the operator for a new token");
                }
                if (!before.tokenUsable(now)) {
                    throw new DammException(ErrorCode.UNAUTHENTICATED, "registrationToken: expired at " + before.tokenExpiresAt().orElseThrow()
                            + "; ask the operator for a new token");
                }
            }
            List<FrontDoor> doors = new ArrayList<>();
            for (GatewayRegistration.DeclaredFrontDoor s : registration.frontDoors()) {
                FrontDoorState state = before.frontDoor(s.id()).map(FrontDoor::state).orElse(FrontDoorState.ACTIVE);
                doors.add(s.toFrontDoor(before.id(), state));
            }
            Gateway.Builder b = before.toBuilder().publicKey(registration.publicKey()).frontDoors(doors)
                    .status(before.status() == GatewayStatus.PROVISIONED ? GatewayStatus.ACTIVE : before.status())
                    .registeredAt(now).lastHeartbeatAt(now);
            if (withToken) {
                b.tokenSpentAt(now).credentialHash(Secrets.hash(credential));
            }
            Gateway after = b.build();
            tx.gateways().update(after);
            AuditLog.record(tx, now, "gateway:" + before.id(), "gateway.register", "gateway:" + before.id(),
                    AuditLog.snapshot(before), AuditLog.snapshot(after));
            return after;
        });
        fleet.invalidate();
        return new Registered(result, Optional.ofNullable(credential));
    }

    /**
     * Records a heartbeat in the store; only a registered gateway may send one. This reaches the
     * store only: the control loop's heartbeat ({@code ControlLoop.heartbeat}) calls it and feeds the
     * score book too, so placement, catalogs and scores agree on which gateways are alive.
     */
    public Gateway heartbeat(String credential, HeartbeatMetrics metrics) {
        Require.nonNull("metrics", metrics);
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Gateway g = byCredential(tx, credential, "must register before sending heartbeats");
            if (g.status() == GatewayStatus.RETIRED) {
                throw new DammException(ErrorCode.PERMISSION_DENIED, "gateway: " + g.id() + " is retired");
            }
            Gateway after = g.toBuilder().lastHeartbeatAt(now).metrics(metrics).build();
            tx.gateways().update(after);
            return after;
        });
    }

    /**
     * Authenticates a gateway credential and returns its gateway (for admission and usage calls).
     * A registration token is refused: {@code GATEWAY_NOT_REGISTERED} while its gateway never
     * registered, {@code UNAUTHENTICATED} after.
     */
    public Gateway authenticate(String credential) {
        return store.inTransaction(tx -> byCredential(tx, credential, "must register first"));
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

    private static boolean isToken(String bearer) {
        return bearer != null && bearer.strip().startsWith(TOKEN_PREFIX);
    }

    private static byte[] tokenHash(String token) {
        if (token == null || token.isBlank() || token.length() > 128 || !token.strip().startsWith(TOKEN_PREFIX)) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "registrationToken: missing or malformed");
        }
        return Secrets.hash(token.strip());
    }

    private static byte[] credentialHash(String credential) {
        if (credential == null || credential.isBlank() || credential.length() > 128 || !credential.strip().startsWith(CREDENTIAL_PREFIX)) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "gatewayCredential: missing or malformed");
        }
        return Secrets.hash(credential.strip());
    }

    private static Gateway byToken(StoreTransaction tx, byte[] hash) {
        return tx.gateways().findByTokenHash(hash).filter(g -> Secrets.constantTimeEquals(g.tokenHash(), hash))
                .orElseThrow(() -> new DammException(ErrorCode.UNAUTHENTICATED, "registrationToken: unknown"));
    }

    private static Gateway byCredential(StoreTransaction tx, byte[] hash) {
        return tx.gateways().findByCredentialHash(hash)
                .filter(g -> g.credentialHash().map(c -> Secrets.constantTimeEquals(c, hash)).orElse(false))
                .orElseThrow(() -> new DammException(ErrorCode.UNAUTHENTICATED, "gatewayCredential: unknown"));
    }

    /**
     * The gateway a credential belongs to. A registration token in its place is told apart, so a
     * gateway that skipped registering learns that rather than "unknown".
     */
    private static Gateway byCredential(StoreTransaction tx, String credential, String notRegistered) {
        if (isToken(credential)) {
            Gateway g = byToken(tx, tokenHash(credential));
            if (g.status() == GatewayStatus.PROVISIONED) {
                throw new DammException(ErrorCode.GATEWAY_NOT_REGISTERED, "gateway: " + g.id() + " " + notRegistered);
            }
            throw new DammException(ErrorCode.UNAUTHENTICATED, "gatewayCredential: a registration token only registers; "
                    + "send the gateway credential (" + CREDENTIAL_PREFIX + "...) that registering returned");
        }
        return byCredential(tx, credentialHash(credential));
    }
}
