package dev.damm.spi.wireguard;

import static dev.damm.spi.wireguard.ExternalCommand.isRoot;
import static dev.damm.spi.wireguard.ExternalCommand.onPath;
import static dev.damm.spi.wireguard.ExternalCommand.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpLiterals;
import dev.damm.spi.net.IpNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks rendered files against the real tools: {@code wg-quick strip} must accept them, and
 * {@code wg setconf} must apply them to a live wireguard-go interface whose {@code wg showconf}
 * reads back the same keys, peers and allowed IPs.
 *
 * <p>The interface lives in its own network namespace with a random name: the UAPI socket
 * directory {@code /var/run/wireguard} is shared by all namespaces.
 */
class WireGuardConfigInteropTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** wg-quick re-runs itself through sudo when not root, even for strip. */
    private static final String NEEDS_ROOT = "wg-quick needs root, even to strip a file";

    @TempDir
    Path dir;

    @Test
    void wgQuickStripKeepsExactlyTheWgKeysOfARenderedConfig() throws IOException {
        assumeTrue(onPath("wg-quick") && onPath("wg"), "wg-quick and wg are not installed");
        assumeTrue(isRoot(), NEEDS_ROOT);
        WireGuardConfig config = sampleConfig();
        WireGuardConfig stripped = WireGuardConfig.parse(strip(config));
        assertEquals(wgPart(config), stripped);
    }

    /** Skips a jqwik property when wg-quick is missing, as assumeTrue does for the JUnit tests here. */
    static final class RequiresWgQuick implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (!onPath("wg-quick") || !onPath("wg")) {
                return SkipResult.skip("wg-quick and wg are not installed");
            }
            return isRoot() ? SkipResult.doNotSkip() : SkipResult.skip(NEEDS_ROOT);
        }
    }

    @Property(tries = 20, seed = "20240601")
    @AddLifecycleHook(RequiresWgQuick.class)
    void wgQuickStripAcceptsGeneratedConfigs(@ForAll("configs") WireGuardConfig generated) throws IOException {
        // wg(8) has no AmneziaWG keys; wg-quick strip would pass them through to it.
        WireGuardConfig config = generated.toBuilder().amneziaWg(null).build();
        Path tmp = Files.createTempDirectory("damm-wg-strip");
        try {
            assertEquals(wgPart(config), WireGuardConfig.parse(strip(tmp, config)), config.render());
        } finally {
            Files.deleteIfExists(tmp.resolve("dammstrip.conf"));
            Files.delete(tmp);
        }
    }

    @Provide
    Arbitrary<WireGuardConfig> configs() {
        return WireGuardArbitraries.configs();
    }

    @Test
    void wgSetconfAppliesARenderedConfigToARealInterface() throws IOException, InterruptedException {
        assumeTrue(onPath("wg-quick") && onPath("wg") && onPath("wireguard-go") && onPath("ip"),
                "wg-quick, wg, wireguard-go or ip is not installed");
        assumeTrue(isRoot(), "creating a network namespace and a tun device needs root");
        WireGuardConfig config = sampleConfig();
        String suffix = HexFormat.of().formatHex(RANDOM.generateSeed(3));
        String netns = "damm-cfg-" + suffix;
        String iface = "dammcfg" + suffix;
        Path socket = Path.of("/var/run/wireguard", iface + ".sock");
        Path strippedFile = dir.resolve("stripped.conf");
        Files.writeString(strippedFile, strip(config));

        run(List.of("ip", "netns", "add", netns));
        Process wireguardGo = null;
        try {
            ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", netns, "wireguard-go", "-f", iface)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("wireguard-go.log").toFile());
            // Foreground, so that destroy() ends it; an empty value here would make it daemonise.
            pb.environment().put("WG_PROCESS_FOREGROUND", "1");
            wireguardGo = pb.start();
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(socket), () -> "wireguard-go made no UAPI socket: " + readLog());
            run(List.of("ip", "netns", "exec", netns, "wg", "setconf", iface, strippedFile.toString()));
            String shown = run(List.of("ip", "netns", "exec", netns, "wg", "showconf", iface)).stdout();
            assertSameDevice(wgPart(config), WireGuardConfig.parse(shown));
        } finally {
            if (wireguardGo != null) {
                wireguardGo.destroy();
                wireguardGo.waitFor();
            }
            ExternalCommand.run(List.of("ip", "netns", "del", netns), null, Map.of());
            Files.deleteIfExists(socket);
        }
    }

    private String readLog() {
        try {
            return Files.readString(dir.resolve("wireguard-go.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Compares what a device reports: peers in any order, allowed IPs as networks in any order. */
    private static void assertSameDevice(WireGuardConfig expected, WireGuardConfig shown) {
        assertEquals(expected.privateKey(), shown.privateKey());
        assertEquals(expected.listenPort(), shown.listenPort());
        assertEquals(expected.fwMark(), shown.fwMark());
        assertEquals(expected.peers().size(), shown.peers().size(), shown::render);
        for (WireGuardPeer want : expected.peers()) {
            WireGuardPeer got = shown.peer(want.publicKey()).orElseThrow(() -> new AssertionError("missing peer " + want.publicKey()));
            assertEquals(want.presharedKey(), got.presharedKey());
            assertEquals(want.endpoint(), got.endpoint());
            // A device reports no keepalive when it is off.
            assertEquals(want.persistentKeepalive().orElse(0), got.persistentKeepalive().orElse(0));
            assertEquals(networks(want.allowedIps()), Set.copyOf(got.allowedIps()), got::toString);
        }
    }

    private static Set<IpNetwork> networks(List<IpNetwork> ips) {
        // Devices store prefixes with the host bits cleared.
        return ips.stream().map(IpNetwork::network).collect(Collectors.toSet());
    }

    private String strip(WireGuardConfig config) throws IOException {
        return strip(dir, config);
    }

    private static String strip(Path dir, WireGuardConfig config) throws IOException {
        // wg-quick takes the interface name from the file name: at most 15 characters.
        Path file = dir.resolve("dammstrip.conf");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, config.render());
        return run(List.of("wg-quick", "strip", file.toString())).stdout();
    }

    /** The part of {@code config} that wg(8) reads: wg-quick's own keys removed. */
    private static WireGuardConfig wgPart(WireGuardConfig config) {
        WireGuardConfig.Builder b = WireGuardConfig.builder().privateKey(config.privateKey().orElse(null)).peers(config.peers());
        config.listenPort().ifPresent(b::listenPort);
        config.fwMark().ifPresent(b::fwMark);
        return b.build();
    }

    private static WireGuardPrivateKey clampedKey() {
        // As `wg genkey` does: wireguard-go clamps keys it is given, and showconf prints them clamped.
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        k[0] &= (byte) 248;
        k[31] = (byte) ((k[31] & 127) | 64);
        return WireGuardPrivateKey.ofBytes(k);
    }

    private static WireGuardKey publicKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return WireGuardKey.ofBytes(k);
    }

    private static WireGuardConfig sampleConfig() {
        byte[] psk = new byte[32];
        RANDOM.nextBytes(psk);
        return WireGuardConfig.builder()
                .privateKey(clampedKey())
                .listenPort(20_000 + RANDOM.nextInt(40_000))
                .fwMark(0xca6c)
                .addAddress(IpNetwork.parse("10.44.0.1/24"))
                .addAddress(IpNetwork.parse("fd44::1/64"))
                .addDnsServer(IpLiterals.parse("dns", "10.44.0.1"))
                .addDnsSearchDomain(DnsName.of("corp.example"))
                .mtu(1420)
                .table(RoutingTable.OFF)
                .addPreUp("true")
                .addPostUp("iptables -A FORWARD -i %i -j ACCEPT; echo 'up, with = and ,'")
                .addPostDown("iptables -D FORWARD -i %i -j ACCEPT")
                .addPeer(WireGuardPeer.builder(publicKey())
                        .presharedKey(WireGuardPrivateKey.ofBytes(psk))
                        .addAllowedIp(IpNetwork.parse("10.44.0.2/32"))
                        .addAllowedIp(IpNetwork.parse("10.99.7.7/16"))
                        .endpoint(Endpoint.parse("192.0.2.10:51820"))
                        .persistentKeepalive(25)
                        .build())
                .addPeer(WireGuardPeer.builder(publicKey())
                        .addAllowedIp(IpNetwork.parse("fd44::2/128"))
                        .addAllowedIp(IpNetwork.parse("::ffff:0:0/96"))
                        .endpoint(Endpoint.parse("[2001:DB8::1]:443"))
                        .build())
                .addPeer(WireGuardPeer.builder(publicKey()).persistentKeepalive(0).build())
                .build();
    }
}
