package dev.damm.spi.wireguard;

import static dev.damm.spi.DammAssertions.assertFails;
import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpLiterals;
import dev.damm.spi.net.IpNetwork;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WireGuardConfigTest {
    // Keys from wg(8)'s example configuration.
    static final String PRIV = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    static final String PUB1 = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    static final String PUB2 = "TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=";
    static final String PUB3 = "gN65BkIKy1eCE9pP1wdc8ROUtkHLF2PfAqYdyYBz6EA=";
    static final String PSK = "aBevdbtE029URcxcBw+GSx7sC/J3II3qTU+uBrYyaUA=";

    @Test
    void parsesTheExampleFromTheWgManPage() {
        WireGuardConfig c = WireGuardConfig.parse("""
                [Interface]
                PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
                ListenPort = 51820

                [Peer]
                PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
                Endpoint = 192.95.5.67:1234
                AllowedIPs = 10.192.122.3/32, 10.192.124.1/24

                [Peer]
                PublicKey = TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=
                Endpoint = [2607:5300:60:6b0::c05f:543]:2468
                AllowedIPs = 10.192.122.4/32, 192.168.0.0/16

                [Peer]
                PublicKey = gN65BkIKy1eCE9pP1wdc8ROUtkHLF2PfAqYdyYBz6EA=
                Endpoint = test.wireguard.com:18981
                AllowedIPs = 10.10.10.230/32
                """);
        assertEquals(Optional.of(WireGuardPrivateKey.parse(PRIV)), c.privateKey());
        assertEquals(OptionalInt.of(51820), c.listenPort());
        assertEquals(3, c.peers().size());
        WireGuardPeer second = c.peer(WireGuardKey.parse(PUB2)).orElseThrow();
        assertEquals(Optional.of(Endpoint.parse("[2607:5300:60:6b0::c05f:543]:2468")), second.endpoint());
        assertEquals(List.of(IpNetwork.parse("10.192.122.4/32"), IpNetwork.parse("192.168.0.0/16")), second.allowedIps());
        assertEquals("test.wireguard.com:18981", c.peers().get(2).endpoint().orElseThrow().toString());
        assertEquals(Optional.empty(), c.amneziaWg());
    }

    @Test
    void readsEveryKeyInAnyCaseWithCommentsCrLfAndRepeatedListKeys() {
        String text = String.join("\r\n",
                "\uFEFF# a gateway template",
                "[interface]   # section names ignore case",
                "privatekey=" + PRIV,
                "LISTENPORT = 51820",
                "FwMark = 0xCA6C",
                "Address = 10.44.0.1/24, fd44::1/64",
                "Address = 10.45.0.1/24",
                "DNS = 1.1.1.1,2606:4700:4700::1111 corp.example",
                "DNS = Search.Example.NET",
                "MTU = 1420",
                "Table = 1234",
                "PreUp = sysctl -w net.ipv4.ip_forward=1",
                "PostUp = iptables -A FORWARD -i %i -j ACCEPT; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE",
                "PostUp = echo up",
                "PreDown = echo pre-down",
                "PostDown = iptables -D FORWARD -i %i -j ACCEPT",
                "SaveConfig = False",
                "Jc = 4", "Jmin = 40", "Jmax = 70", "S1 = 15", "S2 = 18",
                "H1 = 1020325451", "H2 = 3288052141", "H3 = 1766607858", "H4 = 2528465083",
                "",
                "[PEER]",
                "PublicKey = " + PUB1,
                "PresharedKey = " + PSK,
                "AllowedIPs = 10.44.0.2/32",
                "allowedips = fd44::2/128 , ::ffff:0:0/96",
                "Endpoint = [2001:DB8::1]:51820",
                "PersistentKeepalive = 25",
                "[Peer]",
                "PublicKey = " + PUB2,
                "PersistentKeepalive = OFF",
                "");
        WireGuardConfig c = WireGuardConfig.parse(text);
        assertEquals(OptionalLong.of(0xca6c), c.fwMark());
        assertEquals(List.of(IpNetwork.parse("10.44.0.1/24"), IpNetwork.parse("fd44::1/64"), IpNetwork.parse("10.45.0.1/24")), c.addresses());
        assertEquals(List.of(IpLiterals.parse("t", "1.1.1.1"), IpLiterals.parse("t", "2606:4700:4700::1111")), c.dnsServers());
        assertEquals(List.of(DnsName.of("corp.example"), DnsName.of("search.example.net")), c.dnsSearchDomains());
        assertEquals(OptionalInt.of(1420), c.mtu());
        assertEquals(Optional.of(RoutingTable.id(1234)), c.table());
        assertEquals(List.of("sysctl -w net.ipv4.ip_forward=1"), c.preUp());
        assertEquals(2, c.postUp().size());
        assertEquals("echo up", c.postUp().get(1));
        assertEquals(List.of("echo pre-down"), c.preDown());
        assertEquals(List.of("iptables -D FORWARD -i %i -j ACCEPT"), c.postDown());
        assertFalse(c.saveConfig());
        assertEquals(Optional.of(new AmneziaWgParameters(4, 40, 70, 15, 18, 1020325451L, 3288052141L, 1766607858L, 2528465083L)), c.amneziaWg());
        WireGuardPeer p1 = c.peers().get(0);
        assertEquals(Optional.of(WireGuardPrivateKey.parse(PSK)), p1.presharedKey());
        assertEquals("[10.44.0.2/32, fd44::2/128, ::ffff:0.0.0.0/96]", p1.allowedIps().toString());
        assertEquals("[2001:db8::1]:51820", p1.endpoint().orElseThrow().toString());
        assertEquals(OptionalInt.of(25), p1.persistentKeepalive());
        assertEquals(OptionalInt.of(0), c.peers().get(1).persistentKeepalive());
        assertEquals(c, WireGuardConfig.parse(c.render()));
    }

    @Test
    void rendersTheFileWgQuickReads() {
        WireGuardConfig c = WireGuardConfig.builder()
                .privateKey(WireGuardPrivateKey.parse(PRIV))
                .listenPort(51820)
                .fwMark(0)
                .addAddress(IpNetwork.parse("10.44.0.1/24"))
                .addAddress(IpNetwork.parse("FD44::1/64"))
                .addDnsServer(IpLiterals.parse("dns", "10.44.0.1"))
                .addDnsSearchDomain(DnsName.of("corp.example"))
                .mtu(1420)
                .table(RoutingTable.OFF)
                .addPostUp("  echo up  ")
                .saveConfig(true)
                .amneziaWg(new AmneziaWgParameters(4, 40, 70, 15, 18, 5, 6, 7, 8))
                .addPeer(WireGuardPeer.builder(WireGuardKey.parse(PUB1))
                        .presharedKey(WireGuardPrivateKey.parse(PSK))
                        .addAllowedIp(IpNetwork.parse("10.44.0.2/32"))
                        .endpoint(Endpoint.parse("gw.example.net:51820"))
                        .persistentKeepalive(0)
                        .build())
                .addPeer(WireGuardPeer.builder(WireGuardKey.parse(PUB2)).persistentKeepalive(25).build())
                .build();
        assertEquals("""
                [Interface]
                PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
                ListenPort = 51820
                FwMark = off
                Address = 10.44.0.1/24, fd44::1/64
                DNS = 10.44.0.1, corp.example
                MTU = 1420
                Table = off
                PostUp = echo up
                SaveConfig = true
                Jc = 4
                Jmin = 40
                Jmax = 70
                S1 = 15
                S2 = 18
                H1 = 5
                H2 = 6
                H3 = 7
                H4 = 8

                [Peer]
                PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
                PresharedKey = aBevdbtE029URcxcBw+GSx7sC/J3II3qTU+uBrYyaUA=
                AllowedIPs = 10.44.0.2/32
                Endpoint = gw.example.net:51820
                PersistentKeepalive = off

                [Peer]
                PublicKey = TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=
                PersistentKeepalive = 25
                """, c.render());
        assertEquals(c, WireGuardConfig.parse(c.render()));
    }

    @Test
    void aTemplateWithoutPrivateKeyRendersAndParses() {
        WireGuardConfig template = WireGuardConfig.builder().listenPort(51820).build();
        assertEquals("[Interface]\nListenPort = 51820\n", template.render());
        assertEquals(Optional.empty(), WireGuardConfig.parse(template.render()).privateKey());
    }

    @Test
    void toStringNeverShowsPrivateOrPresharedKeys() {
        WireGuardConfig c = WireGuardConfig.builder()
                .privateKey(WireGuardPrivateKey.parse(PRIV))
                .addPeer(WireGuardPeer.builder(WireGuardKey.parse(PUB1)).presharedKey(WireGuardPrivateKey.parse(PSK)).build())
                .build();
        String s = c.toString();
        assertFalse(s.contains(PRIV.substring(0, 12)), s);
        assertFalse(s.contains(PSK.substring(0, 12)), s);
        assertTrue(s.contains("privateKey=<redacted>"), s);
        assertTrue(s.contains("presharedKey=<redacted>"), s);
        assertTrue(s.contains(PUB1), s);
        assertFalse(c.peers().get(0).toString().contains(PSK.substring(0, 12)));
    }

    @Test
    void equalConfigsAreEqualAndDifferentOnesAreNot() {
        WireGuardConfig a = WireGuardConfig.builder().privateKey(WireGuardPrivateKey.parse(PRIV)).mtu(1420).build();
        WireGuardConfig b = WireGuardConfig.parse(a.render());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(a.toBuilder().mtu(1280).build()));
        assertFalse(a.equals(a.toBuilder().privateKey(null).build()));
        assertEquals(a, a.toBuilder().build());
    }

    static Stream<Arguments> malformedFiles() {
        String peer = "[Interface]\n[Peer]\nPublicKey = " + PUB1 + "\n";
        String awg = "[Interface]\nJc = 4\nJmin = 40\nJmax = 70\nS1 = 15\nS2 = 18\nH1 = 5\nH2 = 6\nH3 = 7\nH4 = 8\n";
        return Stream.of(
                Arguments.of("PrivateKey = " + PRIV + "\n[Interface]\n", "line 1: key 'PrivateKey' is outside of a section"),
                Arguments.of("[Interface]\nFoo = 1\n", "line 2: unknown key 'Foo' in [Interface]"),
                Arguments.of("[Interface]\nPublicKey = " + PUB1 + "\n", "line 2: unknown key 'PublicKey' in [Interface]"),
                Arguments.of("[Interface]\nS3 = 10\n", "line 2: unknown key 'S3' in [Interface]"),
                Arguments.of(peer + "ListenPort = 1\n", "line 4: unknown key 'ListenPort' in [Peer]"),
                Arguments.of(peer + "Jc = 4\n", "line 4: unknown key 'Jc' in [Peer]"),
                Arguments.of("[Interface]\n\n# c\nListenPort = 51820\nlistenport = 51821\n", "line 5: ListenPort: duplicate key; already set on line 4"),
                Arguments.of("[Interface]\nPrivateKey = " + PRIV + "\nPrivateKey = " + PRIV + "\n", "line 3: PrivateKey: duplicate key; already set on line 2"),
                Arguments.of(peer + "Endpoint = 1.2.3.4:1\nEndpoint = 1.2.3.4:2\n", "line 5: Endpoint: duplicate key; already set on line 4"),
                Arguments.of("[Interface]\nListenPort = 70000\n", "line 2: ListenPort: must be between 0 and 65535, was 70000"),
                Arguments.of("[Interface]\nListenPort = x\n", "line 2: ListenPort: must be a decimal number"),
                Arguments.of("[Interface]\nListenPort = -1\n", "line 2: ListenPort: must be a decimal number"),
                Arguments.of("[Interface]\n[Peer]\nAllowedIPs = 10.0.0.1/32\n", "line 2: PublicKey: missing in this [Peer] section"),
                Arguments.of(peer + "[Peer]\n# nothing\n[Peer]\nPublicKey = " + PUB2 + "\n", "line 4: PublicKey: missing"),
                Arguments.of(peer + "[Peer]\nPublicKey = " + PUB1 + "\n", "line 5: PublicKey: duplicate peer; the same public key is on line 3"),
                Arguments.of("[Interface]\n[Interface]\n", "line 2: [Interface]: duplicate section; the first is on line 1"),
                Arguments.of("[Interface]\n[Peers]\n", "line 2: unknown section '[Peers]'"),
                Arguments.of("[Interface]\n[Interface\n", "line 2: unknown section header"),
                Arguments.of("[Interface]\nListenPort 51820\n", "line 2: expected 'Key = Value'"),
                Arguments.of("[Interface]\n = 5\n", "line 2: missing key before '='"),
                Arguments.of("[Interface]\nMTU =\n", "line 2: MTU: value must not be empty"),
                Arguments.of("[Interface]\nMTU = 100\n", "line 2: MTU: must be between 576 and 65535, was 100"),
                Arguments.of("[Interface]\nAddress = 10.0.0.1/33\n", "line 2: Address: prefix length must be between 0 and 32"),
                Arguments.of("[Interface]\nAddress = 10.0.0.1/24, 256.1.1.1\n", "line 2: Address: must be an IPv4 or IPv6 address literal"),
                Arguments.of("[Interface]\nAddress = ,\n", "line 2: Address: must list at least one value"),
                Arguments.of("[Interface]\nDNS = 1.1.1.1, bad_domain\n", "line 2: DNS: must be a DNS name"),
                Arguments.of("[Interface]\nDNS = 1.2.3\n", "line 2: DNS: must be an IPv4 or IPv6 address literal"),
                Arguments.of("[Interface]\nDNS = ::g\n", "line 2: DNS: must be an IPv4 or IPv6 address literal"),
                Arguments.of("[Interface]\nTable = main\n", "line 2: Table: must be off, auto or a routing table number"),
                Arguments.of("[Interface]\nTable = Off\n", "line 2: Table: must be off, auto or a routing table number"),
                Arguments.of("[Interface]\nTable = 0\n", "line 2: Table: must be between 1 and 4294967295, was 0"),
                Arguments.of("[Interface]\nSaveConfig = yes\n", "line 2: SaveConfig: must be true or false"),
                Arguments.of("[Interface]\nFwMark = 0x100000000\n", "line 2: FwMark: must be a decimal number"),
                Arguments.of("[Interface]\nFwMark = 4294967296\n", "line 2: FwMark: must be between 0 and 4294967295"),
                Arguments.of("[Interface]\nPrivateKey = c2hvcnQ=\n", "line 2: PrivateKey: must be 44 characters"),
                Arguments.of(peer + "PresharedKey = " + PSK.substring(0, 42) + "B=\n", "line 4: PresharedKey: is not canonical base64"),
                Arguments.of(peer + "AllowedIPs = 10.0.0.1/32,,10.0.0.2/32\n", "line 4: AllowedIPs: empty item"),
                Arguments.of(peer + "AllowedIPs = 10.0.0.1/32 10.0.0.2/32\n", "line 4: AllowedIPs: prefix length must be a number"),
                Arguments.of(peer + "Endpoint = 1.2.3.4:0\n", "line 4: Endpoint.port: must be between 1 and 65535, was 0"),
                Arguments.of(peer + "Endpoint = 1.2.3.4:65536\n", "line 4: Endpoint.port: must be between 1 and 65535, was 65536"),
                Arguments.of(peer + "Endpoint = [::1\n", "line 4: Endpoint: IPv6 endpoints must look like [addr]:port"),
                Arguments.of(peer + "Endpoint = bad_host:1\n", "line 4: Endpoint.host: must be an IPv4 address, IPv6 literal or host name"),
                Arguments.of(peer + "PersistentKeepalive = 65536\n", "line 4: PersistentKeepalive: must be between 0 and 65535"),
                Arguments.of(peer + "PersistentKeepalive = never\n", "line 4: PersistentKeepalive: must be a decimal number"),
                Arguments.of("[Interface]\nPostUp = echo \u0007bell\n", "line 2: PostUp: must not contain control characters"),
                Arguments.of("", "line 1: [Interface]: section missing"),
                Arguments.of("# only a comment\n\n", "line 1: [Interface]: section missing"),
                Arguments.of("[Peer]\nPublicKey = " + PUB1 + "\n", "line 1: [Interface]: section missing"),
                Arguments.of("[Interface]\nJc = 4\nJmin = 40\nJmax = 70\n", "line 2: Jc: AmneziaWG needs all of Jc, Jmin, Jmax, S1, S2, H1, H2, H3, H4; missing S1, S2, H1, H2, H3, H4"),
                Arguments.of(awg.replace("Jmin = 40", "Jmin = 80"), "line 4: Jmax: must be at least Jmin (80), was 70"),
                Arguments.of(awg.replace("H3 = 7", "H3 = 5"), "line 9: H3: must differ from H1, both are 5"),
                Arguments.of(awg.replace("H1 = 5", "H1 = 1"), "line 7: H1: must be between 5 and 4294967295, was 1"),
                Arguments.of(awg.replace("H4 = 8", "H4 = 4294967296"), "line 10: H4: must be between 5 and 4294967295, was 4294967296"),
                Arguments.of(awg.replace("S2 = 18", "S2 = 71"), "line 6: S2: must not equal S1 + 56 (71)"),
                Arguments.of(awg.replace("S1 = 15", "S1 = 1133"), "line 5: S1: must be between 0 and 1132, was 1133"),
                Arguments.of(awg.replace("Jc = 4", "Jc = 0"), "line 2: Jc: must be between 1 and 128, was 0"),
                Arguments.of(awg.replace("Jc = 4", "Jc = 9999999999"), "line 2: Jc: must be between 0 and 2147483647"),
                Arguments.of(awg + "Jc = 5\n", "line 11: Jc: duplicate key; already set on line 2"));
    }

    @ParameterizedTest
    @MethodSource("malformedFiles")
    void rejectsMalformedFilesNamingLineAndKey(String text, String expectedPrefix) {
        assertFails(ErrorCode.MALFORMED_INPUT, expectedPrefix, () -> WireGuardConfig.parse(text));
    }

    @Test
    void errorsNeverEchoKeyMaterial() {
        DammException stray = assertFails(ErrorCode.MALFORMED_INPUT, "line 2: unknown key (not shown) in [Interface]",
                () -> WireGuardConfig.parse("[Interface]\n" + PRIV + "\n"));
        assertFalse(stray.getMessage().contains(PRIV.substring(0, 8)), stray.getMessage());
        DammException bad = assertFails(ErrorCode.MALFORMED_INPUT, "line 2: PrivateKey:",
                () -> WireGuardConfig.parse("[Interface]\nPrivateKey = " + PRIV.substring(1) + "\n"));
        assertFalse(bad.getMessage().contains(PRIV.substring(1, 9)), bad.getMessage());
    }

    @Test
    void rejectsInputOverSixtyFourKibibytesBeforeParsing() {
        String header = "[Interface]\n";
        String exactly = header + "#".repeat(WireGuardConfig.MAX_BYTES - header.length());
        assertEquals(WireGuardConfig.builder().build(), WireGuardConfig.parse(exactly));
        // One byte more: refused for its size, although it would parse.
        assertFails(ErrorCode.PAYLOAD_TOO_LARGE, "config: must be at most 65536 bytes", () -> WireGuardConfig.parse(exactly + "#"));
        // Not a config at all, but size is checked first.
        assertFails(ErrorCode.PAYLOAD_TOO_LARGE, "config:", () -> WireGuardConfig.parse("x".repeat(10_000_000)));
        // Fewer than 64 Ki characters but more than 64 KiB of UTF-8.
        String multiByte = header + "#" + "é".repeat(40_000);
        assertTrue(multiByte.length() < WireGuardConfig.MAX_BYTES);
        assertFails(ErrorCode.PAYLOAD_TOO_LARGE, "config:", () -> WireGuardConfig.parse(multiByte));
        assertInvalid("config", () -> WireGuardConfig.parse(null));
    }

    @Test
    void builderValidatesEachValueAtOnce() {
        WireGuardConfig.Builder b = WireGuardConfig.builder();
        assertInvalid("listenPort", () -> b.listenPort(65536));
        assertInvalid("listenPort", () -> b.listenPort(-1));
        assertInvalid("fwMark", () -> b.fwMark(-1));
        assertInvalid("fwMark", () -> b.fwMark(0x1_0000_0000L));
        assertInvalid("mtu", () -> b.mtu(575));
        assertInvalid("mtu", () -> b.mtu(65536));
        assertInvalid("postUp", () -> b.addPostUp("echo # not a comment to wg-quick"));
        assertInvalid("postUp", () -> b.addPostUp("echo one\necho two"));
        assertInvalid("preUp", () -> b.addPreUp(" "));
        assertInvalid("addresses", () -> b.addAddress(null));
        assertInvalid("dnsServers", () -> b.addDnsServer(null));
        assertInvalid("peers", () -> b.addPeer(null));
        assertInvalid("addresses", () -> b.addresses(java.util.Collections.nCopies(257, IpNetwork.parse("10.0.0.1/32"))));
    }

    @Test
    void twoPeersWithOnePublicKeyAreRejected() {
        WireGuardPeer p = WireGuardPeer.builder(WireGuardKey.parse(PUB3)).build();
        assertInvalid("peers", () -> WireGuardConfig.builder().addPeer(p).addPeer(p).build());
    }
}
