package dev.damm.core.model;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A WireGuard session terminator: its identity, key, front doors and last heartbeat.
 *
 * <p>The gateway's private key never leaves its host; the control plane holds only the public
 * key. A gateway holds two bearer secrets, of which the store keeps only SHA-256 hashes: the
 * one-time registration token an operator hands to the machine ({@code tokenHash}), and the gateway
 * credential that registering with it issues ({@code credentialHash}), which every later call
 * (heartbeat, admission, usage, re-registration) presents. The token works once and only until it
 * expires; issuing a new token for the same gateway starts that cycle again, and registering with
 * it replaces the credential.
 *
 * @param publicKey empty until the gateway registers
 * @param tunnelAddresses the gateway's own interface addresses (e.g. 10.44.0.1/24)
 * @param tokenExpiresAt when the registration token stops working; empty for a token issued before
 *     tokens had a lifetime, which works until it is spent
 * @param tokenSpentAt when the registration token was exchanged for a credential; empty while unspent
 * @param credentialHash the gateway credential's hash; empty until the gateway registers
 */
public record Gateway(GatewayId id, String name, RegionCode region, ProviderId providerId, GatewayStatus status,
        Optional<WireGuardKey> publicKey, List<FrontDoor> frontDoors, List<IpNetwork> tunnelAddresses,
        byte[] tokenHash, Optional<Instant> tokenExpiresAt, Optional<Instant> tokenSpentAt, Optional<byte[]> credentialHash,
        Optional<Instant> registeredAt, Optional<Instant> lastHeartbeatAt, HeartbeatMetrics metrics) {

    /**
     * A heartbeat stamped this far in the future still counts (clock skew between servers). Public
     * because stores that check acceptance in SQL (the PostgreSQL enrollment write) must use the same
     * tolerance.
     */
    public static final Duration HEARTBEAT_FUTURE_SKEW = Duration.ofMinutes(5);
    private static final long MAX_FUTURE_SKEW_MS = HEARTBEAT_FUTURE_SKEW.toMillis();

    public Gateway {
        Require.nonNull("gateway.id", id);
        Require.text("gateway.name", name, 128);
        Require.nonNull("gateway.region", region);
        Require.nonNull("gateway.providerId", providerId);
        Require.nonNull("gateway.status", status);
        Require.nonNull("gateway.publicKey", publicKey);
        frontDoors = List.copyOf(Require.elements("gateway.frontDoors", frontDoors, 64));
        tunnelAddresses = List.copyOf(Require.elements("gateway.tunnelAddresses", tunnelAddresses, 8));
        Require.nonNull("gateway.tokenHash", tokenHash);
        if (tokenHash.length != 32) {
            throw DammException.invalid("gateway.tokenHash", "must be a 32-byte SHA-256");
        }
        tokenHash = tokenHash.clone();
        Require.nonNull("gateway.tokenExpiresAt", tokenExpiresAt);
        Require.nonNull("gateway.tokenSpentAt", tokenSpentAt);
        Require.nonNull("gateway.credentialHash", credentialHash);
        if (credentialHash.isPresent() && credentialHash.get().length != 32) {
            throw DammException.invalid("gateway.credentialHash", "must be a 32-byte SHA-256");
        }
        credentialHash = credentialHash.map(byte[]::clone);
        Require.nonNull("gateway.registeredAt", registeredAt);
        Require.nonNull("gateway.lastHeartbeatAt", lastHeartbeatAt);
        Require.nonNull("gateway.metrics", metrics);
        Set<FrontDoorId> seen = new HashSet<>();
        for (FrontDoor fd : frontDoors) {
            if (!fd.gatewayId().equals(id)) {
                throw DammException.invalid("gateway.frontDoors", "front door " + fd.id() + " belongs to gateway " + fd.gatewayId());
            }
            if (!seen.add(fd.id())) {
                throw new DammException(ErrorCode.CONFLICT, "gateway.frontDoors: duplicate front door id " + fd.id());
            }
        }
        // A gateway retired before it ever registered has no key, like a provisioned one.
        if (status != GatewayStatus.PROVISIONED && status != GatewayStatus.RETIRED && publicKey.isEmpty()) {
            throw DammException.invalid("gateway.publicKey", "is required once a gateway has registered");
        }
        if (status == GatewayStatus.PROVISIONED && credentialHash.isPresent()) {
            throw DammException.invalid("gateway.credentialHash", "a gateway gets its credential by registering");
        }
    }

    @Override
    public byte[] tokenHash() {
        return tokenHash.clone();
    }

    @Override
    public Optional<byte[]> credentialHash() {
        return credentialHash.map(byte[]::clone);
    }

    /** True when the registration token may still be exchanged for a credential at {@code now}. */
    public boolean tokenUsable(Instant now) {
        return tokenSpentAt.isEmpty() && tokenExpiresAt.map(now::isBefore).orElse(true);
    }

    /** True while the gateway is registered, not retired, and its last heartbeat is within {@code ttl}. */
    public boolean isHealthy(Instant now, Duration ttl) {
        if (status != GatewayStatus.ACTIVE && status != GatewayStatus.DRAINING) {
            return false;
        }
        if (lastHeartbeatAt.isEmpty()) {
            return false;
        }
        // Millisecond arithmetic: this runs for every gateway a placement considers.
        long age = now.toEpochMilli() - lastHeartbeatAt.get().toEpochMilli();
        return age >= -MAX_FUTURE_SKEW_MS && age <= ttl.toMillis();
    }

    /** True when new devices may be placed here (healthy and not draining). */
    public boolean acceptsPlacements(Instant now, Duration ttl) {
        return status == GatewayStatus.ACTIVE && isHealthy(now, ttl);
    }

    public Optional<FrontDoor> frontDoor(FrontDoorId fdId) {
        return frontDoors.stream().filter(f -> f.id().equals(fdId)).findFirst();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(GatewayId id) {
        return new Builder(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gateway g && id.equals(g.id) && name.equals(g.name) && region.equals(g.region)
                && providerId.equals(g.providerId) && status == g.status && publicKey.equals(g.publicKey)
                && frontDoors.equals(g.frontDoors) && tunnelAddresses.equals(g.tunnelAddresses)
                && java.util.Arrays.equals(tokenHash, g.tokenHash) && tokenExpiresAt.equals(g.tokenExpiresAt)
                && tokenSpentAt.equals(g.tokenSpentAt) && java.util.Arrays.equals(credentialHash.orElse(null), g.credentialHash.orElse(null))
                && registeredAt.equals(g.registeredAt)
                && lastHeartbeatAt.equals(g.lastHeartbeatAt) && metrics.equals(g.metrics);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, status, lastHeartbeatAt);
    }

    @Override
    public String toString() {
        return "Gateway[" + id + ", " + region + ", " + providerId + ", " + status + ", " + frontDoors.size() + " front doors]";
    }

    /** Builds or updates a {@link Gateway}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final GatewayId id;
        private String name;
        private RegionCode region;
        private ProviderId providerId = ProviderId.of("static");
        private GatewayStatus status = GatewayStatus.PROVISIONED;
        private WireGuardKey publicKey;
        private List<FrontDoor> frontDoors = new ArrayList<>();
        private List<IpNetwork> tunnelAddresses = new ArrayList<>();
        private byte[] tokenHash;
        private Instant tokenExpiresAt;
        private Instant tokenSpentAt;
        private byte[] credentialHash;
        private Instant registeredAt;
        private Instant lastHeartbeatAt;
        private HeartbeatMetrics metrics = HeartbeatMetrics.IDLE;

        private Builder(GatewayId id) {
            this.id = id;
            this.name = id == null ? null : id.value();
        }

        private Builder(Gateway g) {
            this.id = g.id;
            this.name = g.name;
            this.region = g.region;
            this.providerId = g.providerId;
            this.status = g.status;
            this.publicKey = g.publicKey.orElse(null);
            this.frontDoors = new ArrayList<>(g.frontDoors);
            this.tunnelAddresses = new ArrayList<>(g.tunnelAddresses);
            this.tokenHash = g.tokenHash;
            this.tokenExpiresAt = g.tokenExpiresAt.orElse(null);
            this.tokenSpentAt = g.tokenSpentAt.orElse(null);
            this.credentialHash = g.credentialHash.orElse(null);
            this.registeredAt = g.registeredAt.orElse(null);
            this.lastHeartbeatAt = g.lastHeartbeatAt.orElse(null);
            this.metrics = g.metrics;
        }

        public Builder name(String v) { this.name = v; return this; }
        public Builder region(RegionCode v) { this.region = v; return this; }
        public Builder providerId(ProviderId v) { this.providerId = v; return this; }
        public Builder status(GatewayStatus v) { this.status = v; return this; }
        public Builder publicKey(WireGuardKey v) { this.publicKey = v; return this; }
        public Builder frontDoors(List<FrontDoor> v) { this.frontDoors = new ArrayList<>(v); return this; }
        public Builder tunnelAddresses(List<IpNetwork> v) { this.tunnelAddresses = new ArrayList<>(v); return this; }
        public Builder tokenHash(byte[] v) { this.tokenHash = v; return this; }
        public Builder tokenExpiresAt(Instant v) { this.tokenExpiresAt = v; return this; }
        public Builder tokenSpentAt(Instant v) { this.tokenSpentAt = v; return this; }
        public Builder credentialHash(byte[] v) { this.credentialHash = v; return this; }

        /** A new, unspent registration token that works until {@code expiresAt}. */
        public Builder registrationToken(byte[] hash, Instant expiresAt) {
            this.tokenHash = hash;
            this.tokenExpiresAt = expiresAt;
            this.tokenSpentAt = null;
            return this;
        }
        public Builder registeredAt(Instant v) { this.registeredAt = v; return this; }
        public Builder lastHeartbeatAt(Instant v) { this.lastHeartbeatAt = v; return this; }
        public Builder metrics(HeartbeatMetrics v) { this.metrics = v; return this; }

        public Gateway build() {
            return new Gateway(id, name, region, providerId, status, Optional.ofNullable(publicKey), frontDoors,
                    tunnelAddresses, tokenHash, Optional.ofNullable(tokenExpiresAt), Optional.ofNullable(tokenSpentAt),
                    Optional.ofNullable(credentialHash), Optional.ofNullable(registeredAt), Optional.ofNullable(lastHeartbeatAt), metrics);
        }
    }
}
