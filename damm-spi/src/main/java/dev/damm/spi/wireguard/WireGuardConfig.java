package dev.damm.spi.wireguard;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.IpLiterals;
import dev.damm.spi.net.IpNetwork;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A WireGuard configuration file as wg-quick reads it: one {@code [Interface]} and any number
 * of {@code [Peer]} sections. Immutable; build one with {@link #builder()}, read one with
 * {@link #parse(String)}, write one with {@link #render()}.
 *
 * <p>The interface holds wg(8)'s keys ({@code PrivateKey}, {@code ListenPort}, {@code FwMark}),
 * wg-quick's keys ({@code Address}, {@code DNS}, {@code MTU}, {@code Table}, the
 * {@code PreUp}/{@code PostUp}/{@code PreDown}/{@code PostDown} hooks, {@code SaveConfig}) and,
 * optionally, the AmneziaWG parameters. The private key is optional because a gateway renders
 * templates into which the key is put on the machine that owns it.
 *
 * <p>{@link #toString()} never shows the private key or preshared keys; {@link #render()} does,
 * because the file is for the key's owner.
 */
public final class WireGuardConfig {
    /** Largest input {@link #parse(String)} accepts, in UTF-8 bytes. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MIN_MTU = 576;
    static final int MAX_LIST = 256;
    static final int MAX_PEERS = 65_536;
    static final int MAX_HOOK_LENGTH = 4096;

    private final WireGuardPrivateKey privateKey;
    private final Integer listenPort;
    private final Long fwMark;
    private final List<IpNetwork> addresses;
    private final List<InetAddress> dnsServers;
    private final List<DnsName> dnsSearchDomains;
    private final Integer mtu;
    private final RoutingTable table;
    private final List<String> preUp;
    private final List<String> postUp;
    private final List<String> preDown;
    private final List<String> postDown;
    private final boolean saveConfig;
    private final AmneziaWgParameters amneziaWg;
    private final List<WireGuardPeer> peers;

    private WireGuardConfig(Builder b) {
        this.privateKey = b.privateKey;
        this.listenPort = b.listenPort;
        this.fwMark = b.fwMark;
        this.addresses = List.copyOf(b.addresses);
        this.dnsServers = List.copyOf(b.dnsServers);
        this.dnsSearchDomains = List.copyOf(b.dnsSearchDomains);
        this.mtu = b.mtu;
        this.table = b.table;
        this.preUp = List.copyOf(b.preUp);
        this.postUp = List.copyOf(b.postUp);
        this.preDown = List.copyOf(b.preDown);
        this.postDown = List.copyOf(b.postDown);
        this.saveConfig = b.saveConfig;
        this.amneziaWg = b.amneziaWg;
        this.peers = List.copyOf(b.peers);
        Map<WireGuardKey, Integer> seen = new HashMap<>();
        for (int i = 0; i < peers.size(); i++) {
            Integer first = seen.putIfAbsent(peers.get(i).publicKey(), i);
            if (first != null) {
                throw DammException.invalid("peers", "peers " + first + " and " + i + " have the same public key " + peers.get(i).publicKey());
            }
        }
    }

    /** Starts an empty configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.privateKey = privateKey;
        b.listenPort = listenPort;
        b.fwMark = fwMark;
        b.addresses.addAll(addresses);
        b.dnsServers.addAll(dnsServers);
        b.dnsSearchDomains.addAll(dnsSearchDomains);
        b.mtu = mtu;
        b.table = table;
        b.preUp.addAll(preUp);
        b.postUp.addAll(postUp);
        b.preDown.addAll(preDown);
        b.postDown.addAll(postDown);
        b.saveConfig = saveConfig;
        b.amneziaWg = amneziaWg;
        b.peers.addAll(peers);
        return b;
    }

    /**
     * Parses a configuration file the way wg-quick reads it: section names and keys in any
     * letter case, everything from {@code #} to the end of a line is a comment, blank lines are
     * ignored, list keys take comma-separated values and accumulate when repeated.
     *
     * <p>Stricter than wg-quick where it would hide a mistake: unknown keys, keys before the
     * first section, a single-valued key given twice, a {@code [Peer]} without
     * {@code PublicKey}, two peers with one public key, and values that do not validate are
     * all rejected.
     *
     * @throws DammException {@code PAYLOAD_TOO_LARGE} when {@code text} exceeds {@link #MAX_BYTES}
     *     UTF-8 bytes (checked before anything is parsed); {@code MALFORMED_INPUT} with a message
     *     {@code "line N: ..."} naming the line and key otherwise. Messages never contain key material.
     */
    public static WireGuardConfig parse(String text) {
        return WireGuardConfigParser.parse(text);
    }

    /** Renders the file; wg-quick accepts it and {@link #parse(String)} reads it back equal to this. */
    public String render() {
        StringBuilder sb = new StringBuilder("[Interface]\n");
        if (privateKey != null) line(sb, "PrivateKey", privateKey.base64());
        if (listenPort != null) line(sb, "ListenPort", listenPort.toString());
        if (fwMark != null) line(sb, "FwMark", fwMark == 0 ? "off" : "0x" + Long.toHexString(fwMark));
        if (!addresses.isEmpty()) line(sb, "Address", join(addresses));
        if (!dnsServers.isEmpty() || !dnsSearchDomains.isEmpty()) {
            List<String> dns = new ArrayList<>();
            dnsServers.forEach(a -> dns.add(IpLiterals.format(a)));
            dnsSearchDomains.forEach(d -> dns.add(d.value()));
            line(sb, "DNS", String.join(", ", dns));
        }
        if (mtu != null) line(sb, "MTU", mtu.toString());
        if (table != null) line(sb, "Table", table.value());
        preUp.forEach(c -> line(sb, "PreUp", c));
        postUp.forEach(c -> line(sb, "PostUp", c));
        preDown.forEach(c -> line(sb, "PreDown", c));
        postDown.forEach(c -> line(sb, "PostDown", c));
        if (saveConfig) line(sb, "SaveConfig", "true");
        if (amneziaWg != null) {
            AmneziaWgParameters a = amneziaWg;
            line(sb, "Jc", Integer.toString(a.jc()));
            line(sb, "Jmin", Integer.toString(a.jmin()));
            line(sb, "Jmax", Integer.toString(a.jmax()));
            line(sb, "S1", Integer.toString(a.s1()));
            line(sb, "S2", Integer.toString(a.s2()));
            line(sb, "H1", Long.toString(a.h1()));
            line(sb, "H2", Long.toString(a.h2()));
            line(sb, "H3", Long.toString(a.h3()));
            line(sb, "H4", Long.toString(a.h4()));
        }
        for (WireGuardPeer p : peers) {
            sb.append("\n[Peer]\n");
            line(sb, "PublicKey", p.publicKey().base64());
            p.presharedKey().ifPresent(k -> line(sb, "PresharedKey", k.base64()));
            if (!p.allowedIps().isEmpty()) line(sb, "AllowedIPs", join(p.allowedIps()));
            p.endpoint().ifPresent(e -> line(sb, "Endpoint", e.toString()));
            p.persistentKeepalive().ifPresent(k -> line(sb, "PersistentKeepalive", k == 0 ? "off" : Integer.toString(k)));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(" = ").append(value).append('\n');
    }

    private static String join(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    public Optional<WireGuardPrivateKey> privateKey() {
        return Optional.ofNullable(privateKey);
    }

    public OptionalInt listenPort() {
        return listenPort == null ? OptionalInt.empty() : OptionalInt.of(listenPort);
    }

    /** The firewall mark for outgoing packets; 0 means "off". */
    public OptionalLong fwMark() {
        return fwMark == null ? OptionalLong.empty() : OptionalLong.of(fwMark);
    }

    public List<IpNetwork> addresses() {
        return addresses;
    }

    public List<InetAddress> dnsServers() {
        return dnsServers;
    }

    public List<DnsName> dnsSearchDomains() {
        return dnsSearchDomains;
    }

    public OptionalInt mtu() {
        return mtu == null ? OptionalInt.empty() : OptionalInt.of(mtu);
    }

    public Optional<RoutingTable> table() {
        return Optional.ofNullable(table);
    }

    public List<String> preUp() {
        return preUp;
    }

    public List<String> postUp() {
        return postUp;
    }

    public List<String> preDown() {
        return preDown;
    }

    public List<String> postDown() {
        return postDown;
    }

    public boolean saveConfig() {
        return saveConfig;
    }

    public Optional<AmneziaWgParameters> amneziaWg() {
        return Optional.ofNullable(amneziaWg);
    }

    public List<WireGuardPeer> peers() {
        return peers;
    }

    /** The peer with {@code publicKey}, if any. */
    public Optional<WireGuardPeer> peer(WireGuardKey publicKey) {
        return peers.stream().filter(p -> p.publicKey().equals(publicKey)).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardConfig c
                && Objects.equals(privateKey, c.privateKey)
                && Objects.equals(listenPort, c.listenPort)
                && Objects.equals(fwMark, c.fwMark)
                && addresses.equals(c.addresses)
                && dnsServers.equals(c.dnsServers)
                && dnsSearchDomains.equals(c.dnsSearchDomains)
                && Objects.equals(mtu, c.mtu)
                && Objects.equals(table, c.table)
                && preUp.equals(c.preUp)
                && postUp.equals(c.postUp)
                && preDown.equals(c.preDown)
                && postDown.equals(c.postDown)
                && saveConfig == c.saveConfig
                && Objects.equals(amneziaWg, c.amneziaWg)
                && peers.equals(c.peers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(privateKey, listenPort, fwMark, addresses, dnsServers, dnsSearchDomains, mtu, table,
                preUp, postUp, preDown, postDown, saveConfig, amneziaWg, peers);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("WireGuardConfig[");
        List<String> parts = new ArrayList<>();
        if (privateKey != null) parts.add("privateKey=<redacted>");
        if (listenPort != null) parts.add("listenPort=" + listenPort);
        if (fwMark != null) parts.add("fwMark=0x" + Long.toHexString(fwMark));
        if (!addresses.isEmpty()) parts.add("addresses=" + addresses);
        if (!dnsServers.isEmpty()) {
            parts.add("dnsServers=" + dnsServers.stream().map(IpLiterals::format).collect(Collectors.toList()));
        }
        if (!dnsSearchDomains.isEmpty()) parts.add("dnsSearchDomains=" + dnsSearchDomains);
        if (mtu != null) parts.add("mtu=" + mtu);
        if (table != null) parts.add("table=" + table);
        if (!preUp.isEmpty()) parts.add("preUp=" + preUp);
        if (!postUp.isEmpty()) parts.add("postUp=" + postUp);
        if (!preDown.isEmpty()) parts.add("preDown=" + preDown);
        if (!postDown.isEmpty()) parts.add("postDown=" + postDown);
        if (saveConfig) parts.add("saveConfig=true");
        if (amneziaWg != null) parts.add("amneziaWg=" + amneziaWg);
        parts.add("peers=" + peers);
        return sb.append(String.join(", ", parts)).append(']').toString();
    }

    // ---- validation shared by the builder and the parser; messages start with `field` ----

    static int listenPort(String field, long port) {
        return (int) Require.range(field, port, 0, 65535);
    }

    static long fwMark(String field, long mark) {
        return Require.range(field, mark, 0, 0xFFFF_FFFFL);
    }

    static int mtu(String field, long mtu) {
        return (int) Require.range(field, mtu, MIN_MTU, 65535);
    }

    /**
     * A hook command: one line, no {@code #} (wg-quick would cut the command there, taking the
     * rest for a comment), surrounding whitespace dropped as wg-quick drops it.
     */
    static String hook(String field, String command) {
        Require.text(field, command, MAX_HOOK_LENGTH);
        if (command.indexOf('#') >= 0) {
            throw DammException.invalid(field, "must not contain '#': wg-quick reads the rest of the line as a comment");
        }
        return command.strip();
    }

    /** Builds a {@link WireGuardConfig}; not thread-safe. Every setter validates at once. */
    public static final class Builder {
        private WireGuardPrivateKey privateKey;
        private Integer listenPort;
        private Long fwMark;
        private final List<IpNetwork> addresses = new ArrayList<>();
        private final List<InetAddress> dnsServers = new ArrayList<>();
        private final List<DnsName> dnsSearchDomains = new ArrayList<>();
        private Integer mtu;
        private RoutingTable table;
        private final List<String> preUp = new ArrayList<>();
        private final List<String> postUp = new ArrayList<>();
        private final List<String> preDown = new ArrayList<>();
        private final List<String> postDown = new ArrayList<>();
        private boolean saveConfig;
        private AmneziaWgParameters amneziaWg;
        private final List<WireGuardPeer> peers = new ArrayList<>();

        private Builder() {}

        /** Sets the interface's private key; {@code null} leaves it out (a template). */
        public Builder privateKey(WireGuardPrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /** The UDP port to listen on, 0..65535 (0: chosen at random when the interface comes up). */
        public Builder listenPort(int port) {
            this.listenPort = WireGuardConfig.listenPort("listenPort", port);
            return this;
        }

        /** The 32-bit firewall mark of outgoing packets; 0 means "off". */
        public Builder fwMark(long mark) {
            this.fwMark = WireGuardConfig.fwMark("fwMark", mark);
            return this;
        }

        public Builder addAddress(IpNetwork address) {
            add(addresses, "addresses", address);
            return this;
        }

        /** Replaces the interface addresses. */
        public Builder addresses(Collection<IpNetwork> values) {
            replace(addresses, "addresses", values);
            return this;
        }

        public Builder addDnsServer(InetAddress server) {
            add(dnsServers, "dnsServers", server);
            return this;
        }

        /** Replaces the DNS servers. */
        public Builder dnsServers(Collection<? extends InetAddress> values) {
            replace(dnsServers, "dnsServers", values);
            return this;
        }

        public Builder addDnsSearchDomain(DnsName domain) {
            add(dnsSearchDomains, "dnsSearchDomains", domain);
            return this;
        }

        /** Replaces the DNS search domains. */
        public Builder dnsSearchDomains(Collection<DnsName> values) {
            replace(dnsSearchDomains, "dnsSearchDomains", values);
            return this;
        }

        /**
         * The interface MTU, 576..65535. Linux would take 68, but below 576 (the datagram every
         * IPv4 host must accept, RFC 791) a tunnel carries nothing useful: such a value is a typo.
         */
        public Builder mtu(int mtu) {
            this.mtu = WireGuardConfig.mtu("mtu", mtu);
            return this;
        }

        /** Sets wg-quick's routing table; {@code null} leaves it out (wg-quick then uses auto). */
        public Builder table(RoutingTable table) {
            this.table = table;
            return this;
        }

        public Builder addPreUp(String command) {
            add(preUp, "preUp", hook("preUp", command));
            return this;
        }

        public Builder addPostUp(String command) {
            add(postUp, "postUp", hook("postUp", command));
            return this;
        }

        public Builder addPreDown(String command) {
            add(preDown, "preDown", hook("preDown", command));
            return this;
        }

        public Builder addPostDown(String command) {
            add(postDown, "postDown", hook("postDown", command));
            return this;
        }

        public Builder saveConfig(boolean saveConfig) {
            this.saveConfig = saveConfig;
            return this;
        }

        /** Sets the AmneziaWG parameters; {@code null} makes this a plain WireGuard configuration. */
        public Builder amneziaWg(AmneziaWgParameters parameters) {
            this.amneziaWg = parameters;
            return this;
        }

        public Builder addPeer(WireGuardPeer peer) {
            Require.nonNull("peers", peer);
            if (peers.size() >= MAX_PEERS) {
                throw DammException.invalid("peers", "must have at most " + MAX_PEERS + " items");
            }
            peers.add(peer);
            return this;
        }

        /** Replaces the peers. */
        public Builder peers(Collection<WireGuardPeer> values) {
            Require.elements("peers", values, MAX_PEERS);
            peers.clear();
            peers.addAll(values);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws DammException {@code INVALID_ARGUMENT} naming {@code peers} when two peers share a public key
         */
        public WireGuardConfig build() {
            return new WireGuardConfig(this);
        }

        private static <T> void add(List<T> list, String field, T value) {
            Require.nonNull(field, value);
            if (list.size() >= MAX_LIST) {
                throw DammException.invalid(field, "must have at most " + MAX_LIST + " items");
            }
            list.add(value);
        }

        private static <T> void replace(List<T> list, String field, Collection<? extends T> values) {
            Require.elements(field, values, MAX_LIST);
            list.clear();
            list.addAll(values);
        }
    }
}
