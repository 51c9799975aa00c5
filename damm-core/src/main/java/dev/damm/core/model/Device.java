package dev.damm.core.model;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An enrolled device: its public key, addresses, attachments, tier, usage and lifecycle.
 *
 * <p>The control plane never holds the device's private key. {@code credentialHash} is the
 * SHA-256 of the bearer credential the device uses for later calls (rotation, re-issue).
 *
 * @param tunnelAddresses the device's own host addresses (a v4 /32 and, when a v6 pool exists, a /128)
 * @param frontDoorId the primary front door chosen at placement
 * @param quarantineEgressPoolId the quarantined pool for flows matching the tier's rules, if the region has one
 * @param trustRootVersion the catalog trust root version handed over at enrollment
 */
public record Device(DeviceId id, String name, WireGuardKey publicKey, List<IpNetwork> tunnelAddresses,
        GatewayId gatewayId, FrontDoorId frontDoorId, EgressPoolId egressPoolId, Optional<EgressPoolId> quarantineEgressPoolId,
        AccessTierId tierId, RegionCode region, CountryCode exitCountry, DeviceState state, Optional<SuspensionReason> suspension,
        long rxBytes, long txBytes, byte[] credentialHash, long trustRootVersion, Instant createdAt, Instant updatedAt) {

    public Device {
        Require.nonNull("device.id", id);
        Require.text("device.name", name, 128);
        Require.nonNull("device.publicKey", publicKey);
        tunnelAddresses = List.copyOf(Require.elements("device.tunnelAddresses", tunnelAddresses, 4));
        if (tunnelAddresses.isEmpty()) {
            throw DammException.invalid("device.tunnelAddresses", "must hold at least one address");
        }
        for (IpNetwork a : tunnelAddresses) {
            // A wider prefix would become the peer's AllowedIPs on the gateway and capture other devices' traffic.
            if (a.prefixLength() != a.addressBits()) {
                throw DammException.invalid("device.tunnelAddresses", "must be single host addresses (/32 or /128), was " + a);
            }
        }
        Require.nonNull("device.gatewayId", gatewayId);
        Require.nonNull("device.frontDoorId", frontDoorId);
        Require.nonNull("device.egressPoolId", egressPoolId);
        Require.nonNull("device.quarantineEgressPoolId", quarantineEgressPoolId);
        Require.nonNull("device.tierId", tierId);
        Require.nonNull("device.region", region);
        Require.nonNull("device.exitCountry", exitCountry);
        Require.nonNull("device.state", state);
        Require.nonNull("device.suspension", suspension);
        if ((state == DeviceState.SUSPENDED) != suspension.isPresent()) {
            throw DammException.invalid("device.suspension", "must be present exactly when the device is suspended");
        }
        Require.nonNegative("device.rxBytes", rxBytes);
        Require.nonNegative("device.txBytes", txBytes);
        Require.nonNull("device.credentialHash", credentialHash);
        if (credentialHash.length != 32) {
            throw DammException.invalid("device.credentialHash", "must be a 32-byte SHA-256");
        }
        credentialHash = credentialHash.clone();
        Require.nonNegative("device.trustRootVersion", trustRootVersion);
        Require.nonNull("device.createdAt", createdAt);
        Require.nonNull("device.updatedAt", updatedAt);
    }

    @Override
    public byte[] credentialHash() {
        return credentialHash.clone();
    }

    public long totalBytes() {
        return rxBytes + txBytes;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && id.equals(d.id) && name.equals(d.name) && publicKey.equals(d.publicKey)
                && tunnelAddresses.equals(d.tunnelAddresses) && gatewayId.equals(d.gatewayId)
                && frontDoorId.equals(d.frontDoorId) && egressPoolId.equals(d.egressPoolId)
                && quarantineEgressPoolId.equals(d.quarantineEgressPoolId) && tierId.equals(d.tierId)
                && region.equals(d.region) && exitCountry.equals(d.exitCountry) && state == d.state
                && suspension.equals(d.suspension) && rxBytes == d.rxBytes && txBytes == d.txBytes
                && Arrays.equals(credentialHash, d.credentialHash) && trustRootVersion == d.trustRootVersion
                && createdAt.equals(d.createdAt) && updatedAt.equals(d.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, publicKey, state);
    }

    @Override
    public String toString() {
        return "Device[" + id + ", " + publicKey + ", " + tunnelAddresses + ", " + state + "]";
    }

    /** Copies a device with changes; validation happens in {@link #build()}. */
    public static final class Builder {
        private final DeviceId id;
        private String name;
        private WireGuardKey publicKey;
        private List<IpNetwork> tunnelAddresses;
        private GatewayId gatewayId;
        private FrontDoorId frontDoorId;
        private EgressPoolId egressPoolId;
        private EgressPoolId quarantineEgressPoolId;
        private AccessTierId tierId;
        private RegionCode region;
        private CountryCode exitCountry;
        private DeviceState state = DeviceState.ACTIVE;
        private SuspensionReason suspension;
        private long rxBytes;
        private long txBytes;
        private byte[] credentialHash;
        private long trustRootVersion;
        private Instant createdAt;
        private Instant updatedAt;

        public Builder(DeviceId id) {
            this.id = id;
        }

        private Builder(Device d) {
            this.id = d.id;
            this.name = d.name;
            this.publicKey = d.publicKey;
            this.tunnelAddresses = d.tunnelAddresses;
            this.gatewayId = d.gatewayId;
            this.frontDoorId = d.frontDoorId;
            this.egressPoolId = d.egressPoolId;
            this.quarantineEgressPoolId = d.quarantineEgressPoolId.orElse(null);
            this.tierId = d.tierId;
            this.region = d.region;
            this.exitCountry = d.exitCountry;
            this.state = d.state;
            this.suspension = d.suspension.orElse(null);
            this.rxBytes = d.rxBytes;
            this.txBytes = d.txBytes;
            this.credentialHash = d.credentialHash;
            this.trustRootVersion = d.trustRootVersion;
            this.createdAt = d.createdAt;
            this.updatedAt = d.updatedAt;
        }

        public Builder name(String v) { this.name = v; return this; }
        public Builder publicKey(WireGuardKey v) { this.publicKey = v; return this; }
        public Builder tunnelAddresses(List<IpNetwork> v) { this.tunnelAddresses = v; return this; }
        public Builder gatewayId(GatewayId v) { this.gatewayId = v; return this; }
        public Builder frontDoorId(FrontDoorId v) { this.frontDoorId = v; return this; }
        public Builder egressPoolId(EgressPoolId v) { this.egressPoolId = v; return this; }
        public Builder quarantineEgressPoolId(EgressPoolId v) { this.quarantineEgressPoolId = v; return this; }
        public Builder tierId(AccessTierId v) { this.tierId = v; return this; }
        public Builder region(RegionCode v) { this.region = v; return this; }
        public Builder exitCountry(CountryCode v) { this.exitCountry = v; return this; }
        /** Sets the state; a suspension reason is kept only for {@link DeviceState#SUSPENDED}. */
        public Builder state(DeviceState v, SuspensionReason reason) { this.state = v; this.suspension = reason; return this; }
        public Builder usage(long rx, long tx) { this.rxBytes = rx; this.txBytes = tx; return this; }
        public Builder credentialHash(byte[] v) { this.credentialHash = v; return this; }
        public Builder trustRootVersion(long v) { this.trustRootVersion = v; return this; }
        public Builder createdAt(Instant v) { this.createdAt = v; return this; }
        public Builder updatedAt(Instant v) { this.updatedAt = v; return this; }

        public Device build() {
            return new Device(id, name, publicKey, tunnelAddresses, gatewayId, frontDoorId, egressPoolId,
                    Optional.ofNullable(quarantineEgressPoolId), tierId, region, exitCountry, state,
                    Optional.ofNullable(suspension), rxBytes, txBytes, credentialHash, trustRootVersion, createdAt, updatedAt);
        }
    }
}
