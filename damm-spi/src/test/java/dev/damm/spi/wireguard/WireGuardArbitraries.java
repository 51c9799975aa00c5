package dev.damm.spi.wireguard;

import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;

/** jqwik generators for WireGuard configuration values. */
final class WireGuardArbitraries {
    private WireGuardArbitraries() {}

    static Arbitrary<byte[]> bytes(int n) {
        return Arbitraries.bytes().array(byte[].class).ofSize(n);
    }

    static Arbitrary<WireGuardKey> publicKeys() {
        return bytes(32).map(WireGuardKey::ofBytes);
    }

    static Arbitrary<WireGuardPrivateKey> secrets() {
        return bytes(32).map(WireGuardPrivateKey::ofBytes);
    }

    static Arbitrary<InetAddress> ipv4() {
        return bytes(4).map(b -> address(b, false));
    }

    static Arbitrary<InetAddress> ipv6() {
        Arbitrary<byte[]> mapped = bytes(4).map(b -> {
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            return m;
        });
        Arbitrary<byte[]> sparse = bytes(16).map(b -> {
            // Zero runs of various lengths exercise the "::" compression.
            for (int i = 0; i < 16; i++) if ((b[i] & 0x30) == 0) b[i] = 0;
            return b;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, bytes(16)), net.jqwik.api.Tuple.of(3, sparse), net.jqwik.api.Tuple.of(1, mapped))
                .map(b -> address(b, true));
    }

    static Arbitrary<InetAddress> addresses() {
        return Arbitraries.oneOf(ipv4(), ipv6());
    }

    static InetAddress address(byte[] raw, boolean v6) {
        try {
            return v6 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Arbitrary<IpNetwork> networks() {
        Arbitrary<IpNetwork> v4 = Combinators.combine(ipv4(), Arbitraries.integers().between(0, 32)).as(IpNetwork::new);
        Arbitrary<IpNetwork> v6 = Combinators.combine(ipv6(), Arbitraries.integers().between(0, 128)).as(IpNetwork::new);
        return Arbitraries.oneOf(v4, v6);
    }

    static Arbitrary<String> dnsNames() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> inner = Combinators.combine(label, Arbitraries.strings().withChars("abcxyz019-").ofMaxLength(5), label)
                .as((a, mid, b) -> a + mid + b);
        Arbitrary<String> tld = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(2).ofMaxLength(6);
        return Combinators.combine(Arbitraries.oneOf(label, inner).list().ofMaxSize(3), tld)
                .as((labels, last) -> labels.isEmpty() ? last : String.join(".", labels) + "." + last);
    }

    static Arbitrary<Endpoint> endpoints() {
        Arbitrary<String> hosts = Arbitraries.oneOf(
                ipv4().map(a -> a.getHostAddress()),
                ipv6().map(a -> "[" + a.getHostAddress() + "]"),
                dnsNames());
        return Combinators.combine(hosts, Arbitraries.integers().between(1, 65535)).as(Endpoint::new);
    }

    static Arbitrary<String> hooks() {
        return Arbitraries.strings().withChars("abcdefgxyzABCZ0189 _./$%;|&'\"=,-()<>é").ofMinLength(1).ofMaxLength(60)
                .filter(s -> !s.isBlank())
                .map(String::strip);
    }

    static Arbitrary<AmneziaWgParameters> amneziaWg() {
        Arbitrary<int[]> jminJmax = Arbitraries.integers().between(0, 1280)
                .flatMap(jmin -> Arbitraries.integers().between(jmin, 1280).map(jmax -> new int[] {jmin, jmax}));
        Arbitrary<int[]> s1s2 = Combinators.combine(Arbitraries.integers().between(0, 1132), Arbitraries.integers().between(0, 1188))
                .as((s1, s2) -> new int[] {s1, s2})
                .filter(s -> s[0] + 56 != s[1]);
        Arbitrary<java.util.List<Long>> headers = Arbitraries.longs().between(5, 0xFFFF_FFFFL).list().ofSize(4).uniqueElements();
        return Combinators.combine(Arbitraries.integers().between(1, 128), jminJmax, s1s2, headers)
                .as((jc, j, s, h) -> new AmneziaWgParameters(jc, j[0], j[1], s[0], s[1], h.get(0), h.get(1), h.get(2), h.get(3)));
    }

    static Arbitrary<WireGuardPeer> peers() {
        return Builders.withBuilder(() -> WireGuardPeer.builder(WireGuardKey.ofBytes(new byte[32])))
                .use(publicKeys()).in((b, k) -> WireGuardPeer.builder(k))
                .use(secrets()).withProbability(0.5).in(WireGuardPeer.Builder::presharedKey)
                .use(networks().list().ofMaxSize(5)).in(WireGuardPeer.Builder::allowedIps)
                .use(endpoints()).withProbability(0.7).in(WireGuardPeer.Builder::endpoint)
                .use(Arbitraries.integers().between(0, 65535)).withProbability(0.5).in(WireGuardPeer.Builder::persistentKeepalive)
                .build(WireGuardPeer.Builder::build);
    }

    static Arbitrary<RoutingTable> tables() {
        return Arbitraries.oneOf(Arbitraries.of(RoutingTable.OFF, RoutingTable.AUTO),
                Arbitraries.longs().between(1, 0xFFFF_FFFFL).map(RoutingTable::id));
    }

    static Arbitrary<WireGuardConfig> configs() {
        return Builders.withBuilder(WireGuardConfig::builder)
                .use(secrets()).withProbability(0.8).in(WireGuardConfig.Builder::privateKey)
                .use(Arbitraries.integers().between(0, 65535)).withProbability(0.5).in(WireGuardConfig.Builder::listenPort)
                .use(Arbitraries.longs().between(0, 0xFFFF_FFFFL)).withProbability(0.3).in(WireGuardConfig.Builder::fwMark)
                .use(networks().list().ofMaxSize(4)).in(WireGuardConfig.Builder::addresses)
                .use(addresses().list().ofMaxSize(3)).in(WireGuardConfig.Builder::dnsServers)
                .use(dnsNames().map(DnsName::of).list().ofMaxSize(2)).in(WireGuardConfig.Builder::dnsSearchDomains)
                .use(Arbitraries.integers().between(576, 65535)).withProbability(0.5).in(WireGuardConfig.Builder::mtu)
                .use(tables()).withProbability(0.3).in(WireGuardConfig.Builder::table)
                .use(hooks().list().ofMaxSize(2)).in((b, l) -> { l.forEach(b::addPreUp); return b; })
                .use(hooks().list().ofMaxSize(2)).in((b, l) -> { l.forEach(b::addPostUp); return b; })
                .use(hooks().list().ofMaxSize(2)).in((b, l) -> { l.forEach(b::addPreDown); return b; })
                .use(hooks().list().ofMaxSize(2)).in((b, l) -> { l.forEach(b::addPostDown); return b; })
                .use(Arbitraries.of(true, false)).in(WireGuardConfig.Builder::saveConfig)
                .use(amneziaWg()).withProbability(0.4).in(WireGuardConfig.Builder::amneziaWg)
                .use(peers().list().ofMaxSize(4).uniqueElements(WireGuardPeer::publicKey)).in(WireGuardConfig.Builder::peers)
                .build(WireGuardConfig.Builder::build);
    }
}
