package dev.damm.spi.wireguard;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code [Peer]} of a WireGuard configuration: its public key, optional preshared key,
 * the networks routed to it, where to reach it and how often to keep a NAT mapping alive.
 *
 * <p>{@link #toString()} never shows the preshared key. A keepalive of 0 means "off".
 */
public record WireGuardPeer(
        WireGuardKey publicKey,
        Optional<WireGuardPrivateKey> presharedKey,
        List<IpNetwork> allowedIps,
        Optional<Endpoint> endpoint,
        OptionalInt persistentKeepalive) {
    static final int MAX_ALLOWED_IPS = 4096;

    public WireGuardPeer {
        Require.nonNull("peer.publicKey", publicKey);
        Require.nonNull("peer.presharedKey", presharedKey);
        allowedIps = List.copyOf(Require.elements("peer.allowedIps", allowedIps, MAX_ALLOWED_IPS));
        Require.nonNull("peer.endpoint", endpoint);
        Require.nonNull("peer.persistentKeepalive", persistentKeepalive);
        if (persistentKeepalive.isPresent()) {
            Require.range("peer.persistentKeepalive", persistentKeepalive.getAsInt(), 0, 65535);
        }
    }

    /** Starts a peer with {@code publicKey} and nothing else set. */
    public static Builder builder(WireGuardKey publicKey) {
        return new Builder(publicKey);
    }

    /** A builder holding this peer's values. */
    public Builder toBuilder() {
        Builder b = new Builder(publicKey).allowedIps(allowedIps);
        presharedKey.ifPresent(b::presharedKey);
        endpoint.ifPresent(b::endpoint);
        persistentKeepalive.ifPresent(b::persistentKeepalive);
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("WireGuardPeer[publicKey=").append(publicKey);
        presharedKey.ifPresent(k -> sb.append(", presharedKey=<redacted>"));
        sb.append(", allowedIps=").append(allowedIps);
        endpoint.ifPresent(e -> sb.append(", endpoint=").append(e));
        persistentKeepalive.ifPresent(k -> sb.append(", persistentKeepalive=").append(k));
        return sb.append(']').toString();
    }

    /** Builds a {@link WireGuardPeer}; not thread-safe. */
    public static final class Builder {
        private final WireGuardKey publicKey;
        private WireGuardPrivateKey presharedKey;
        private final List<IpNetwork> allowedIps = new ArrayList<>();
        private Endpoint endpoint;
        private Integer persistentKeepalive;

        private Builder(WireGuardKey publicKey) {
            this.publicKey = Require.nonNull("peer.publicKey", publicKey);
        }

        /** Sets the preshared key; {@code null} removes it. */
        public Builder presharedKey(WireGuardPrivateKey presharedKey) {
            this.presharedKey = presharedKey;
            return this;
        }

        public Builder addAllowedIp(IpNetwork network) {
            allowedIps.add(Require.nonNull("peer.allowedIps", network));
            return this;
        }

        /** Replaces the allowed IPs. */
        public Builder allowedIps(Collection<IpNetwork> networks) {
            Require.elements("peer.allowedIps", networks, MAX_ALLOWED_IPS);
            allowedIps.clear();
            allowedIps.addAll(networks);
            return this;
        }

        /** Sets the endpoint; {@code null} removes it. */
        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Seconds between keepalives, 1..65535, or 0 for "off". */
        public Builder persistentKeepalive(int seconds) {
            this.persistentKeepalive = Require.range("peer.persistentKeepalive", seconds, 0, 65535);
            return this;
        }

        public WireGuardPeer build() {
            return new WireGuardPeer(publicKey, Optional.ofNullable(presharedKey), allowedIps, Optional.ofNullable(endpoint),
                    persistentKeepalive == null ? OptionalInt.empty() : OptionalInt.of(persistentKeepalive));
        }
    }
}
