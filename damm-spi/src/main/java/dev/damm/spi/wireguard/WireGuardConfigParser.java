package dev.damm.spi.wireguard;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpLiterals;
import dev.damm.spi.net.IpNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the wg-quick file format into a {@link WireGuardConfig}; see {@link WireGuardConfig#parse(String)}. */
final class WireGuardConfigParser {
    private static final List<String> INTERFACE_KEYS = List.of("PrivateKey", "ListenPort", "FwMark", "Address", "DNS",
            "MTU", "Table", "PreUp", "PostUp", "PreDown", "PostDown", "SaveConfig",
            "Jc", "Jmin", "Jmax", "S1", "S2", "H1", "H2", "H3", "H4");
    private static final List<String> AMNEZIA_KEYS = List.of("Jc", "Jmin", "Jmax", "S1", "S2", "H1", "H2", "H3", "H4");
    private static final List<String> PEER_KEYS = List.of("PublicKey", "PresharedKey", "AllowedIPs", "Endpoint", "PersistentKeepalive");
    private static final List<String> LIST_KEYS = List.of("Address", "DNS", "PreUp", "PostUp", "PreDown", "PostDown", "AllowedIPs");
    /** Only names shaped like a key are echoed: a stray line could be a secret. */
    private static final Pattern ECHOABLE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,23}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,10}");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]{1,8}");
    /** wg-quick's own test for "this DNS value is a server, not a search domain". */
    private static final Pattern DNS_SERVER = Pattern.compile("[0-9.]+|.*:.*");

    private enum Section { NONE, INTERFACE, PEER }

    private final WireGuardConfig.Builder config = WireGuardConfig.builder();
    private final Map<String, Integer> interfaceKeyLines = new HashMap<>();
    private final Map<String, Long> amnezia = new LinkedHashMap<>();
    private final Map<WireGuardKey, Integer> peerKeyLines = new HashMap<>();
    private Section section = Section.NONE;
    private int interfaceLine = -1;
    private PeerState peer;

    /** The peer being read, with the lines its keys were on. */
    private static final class PeerState {
        final int headerLine;
        final Map<String, Integer> keyLines = new HashMap<>();
        WireGuardKey publicKey;
        WireGuardPrivateKey presharedKey;
        final List<IpNetwork> allowedIps = new ArrayList<>();
        Endpoint endpoint;
        Integer keepalive;

        PeerState(int headerLine) {
            this.headerLine = headerLine;
        }
    }

    private WireGuardConfigParser() {}

    static WireGuardConfig parse(String text) {
        Require.nonNull("config", text);
        long bytes = utf8Length(text);
        if (bytes > WireGuardConfig.MAX_BYTES) {
            throw new DammException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "config: must be at most " + WireGuardConfig.MAX_BYTES + " bytes, was " + (bytes > Integer.MAX_VALUE ? "more" : bytes));
        }
        return new WireGuardConfigParser().read(text);
    }

    /** UTF-8 length, stopping early once past the limit so a huge string costs nothing. */
    private static long utf8Length(String s) {
        if (s.length() > WireGuardConfig.MAX_BYTES) {
            return s.length();
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    private WireGuardConfig read(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
            lines[0] = lines[0].substring(1);
        }
        for (int i = 0; i < lines.length; i++) {
            readLine(i + 1, lines[i]);
        }
        finishPeer();
        if (section == Section.INTERFACE) {
            finishAmnezia();
        }
        if (interfaceLine < 0) {
            throw malformed(1, "[Interface]: section missing");
        }
        try {
            return config.build();
        } catch (DammException e) {
            // Duplicate public keys are caught per line above; anything left is a bug here.
            throw new DammException(ErrorCode.MALFORMED_INPUT, "config: " + e.getMessage(), e);
        }
    }

    private void readLine(int n, String raw) {
        int hash = raw.indexOf('#');
        String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
        if (line.isEmpty()) {
            return;
        }
        if (line.startsWith("[")) {
            startSection(n, line);
            return;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw malformed(n, "expected 'Key = Value'");
        }
        String rawKey = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (rawKey.isEmpty()) {
            throw malformed(n, "missing key before '='");
        }
        if (section == Section.NONE) {
            throw malformed(n, "key " + echo(rawKey) + " is outside of a section; expected [Interface] or [Peer] first");
        }
        List<String> known = section == Section.INTERFACE ? INTERFACE_KEYS : PEER_KEYS;
        String key = known.stream().filter(k -> k.equalsIgnoreCase(rawKey)).findFirst()
                .orElseThrow(() -> malformed(n, "unknown key " + echo(rawKey) + " in " + sectionName()));
        Map<String, Integer> keyLines = section == Section.INTERFACE ? interfaceKeyLines : peer.keyLines;
        Integer first = keyLines.putIfAbsent(key, n);
        if (first != null && !LIST_KEYS.contains(key)) {
            throw malformed(n, key + ": duplicate key; already set on line " + first);
        }
        if (value.isEmpty()) {
            throw malformed(n, key + ": value must not be empty");
        }
        try {
            if (section == Section.INTERFACE) {
                interfaceValue(key, value);
            } else {
                peerValue(n, key, value);
            }
        } catch (DammException e) {
            if (e.errorCode() == ErrorCode.MALFORMED_INPUT) {
                throw e;
            }
            // Validators name the key first, e.g. "ListenPort: must be between 0 and 65535, was 70000".
            throw malformed(n, e.getMessage());
        }
    }

    private void startSection(int n, String line) {
        finishPeer();
        if (section == Section.INTERFACE) {
            finishAmnezia();
        }
        if (line.equalsIgnoreCase("[Interface]")) {
            if (interfaceLine >= 0) {
                throw malformed(n, "[Interface]: duplicate section; the first is on line " + interfaceLine);
            }
            interfaceLine = n;
            section = Section.INTERFACE;
        } else if (line.equalsIgnoreCase("[Peer]")) {
            peer = new PeerState(n);
            section = Section.PEER;
        } else {
            throw malformed(n, "unknown section " + (line.length() <= 26 && line.endsWith("]") && ECHOABLE_KEY.matcher(
                    line.substring(1, line.length() - 1)).matches() ? "'" + line + "'" : "header") + "; expected [Interface] or [Peer]");
        }
    }

    private void interfaceValue(String key, String value) {
        switch (key) {
            case "PrivateKey":
                config.privateKey(WireGuardPrivateKey.parse(key, value));
                break;
            case "ListenPort":
                config.listenPort(WireGuardConfig.listenPort(key, number(key, value)));
                break;
            case "FwMark":
                config.fwMark(fwMark(key, value));
                break;
            case "Address":
                for (String item : wgQuickList(key, value)) {
                    config.addAddress(IpNetwork.parse(key, item));
                }
                break;
            case "DNS":
                for (String item : wgQuickList(key, value)) {
                    if (DNS_SERVER.matcher(item).matches()) {
                        config.addDnsServer(IpLiterals.parse(key, item));
                    } else {
                        config.addDnsSearchDomain(DnsName.parse(key, item));
                    }
                }
                break;
            case "MTU":
                config.mtu(WireGuardConfig.mtu(key, number(key, value)));
                break;
            case "Table":
                config.table(RoutingTable.parse(key, value));
                break;
            case "PreUp":
                config.addPreUp(WireGuardConfig.hook(key, value));
                break;
            case "PostUp":
                config.addPostUp(WireGuardConfig.hook(key, value));
                break;
            case "PreDown":
                config.addPreDown(WireGuardConfig.hook(key, value));
                break;
            case "PostDown":
                config.addPostDown(WireGuardConfig.hook(key, value));
                break;
            case "SaveConfig":
                config.saveConfig(bool(key, value));
                break;
            default:
                // Jc..H4: checked together once the section is read, because their limits depend on each other.
                long v = number(key, value);
                if (key.charAt(0) != 'H') {
                    Require.range(key, v, 0, Integer.MAX_VALUE);
                }
                amnezia.put(key, v);
        }
    }

    private void peerValue(int n, String key, String value) {
        switch (key) {
            case "PublicKey":
                WireGuardKey k = WireGuardKey.parse(key, value);
                Integer other = peerKeyLines.putIfAbsent(k, n);
                if (other != null) {
                    throw malformed(n, key + ": duplicate peer; the same public key is on line " + other);
                }
                peer.publicKey = k;
                break;
            case "PresharedKey":
                peer.presharedKey = WireGuardPrivateKey.parse(key, value);
                break;
            case "AllowedIPs":
                // wg(8) splits on commas only; whitespace inside an item is an error there too.
                for (String item : value.split(",", -1)) {
                    String s = item.strip();
                    if (s.isEmpty()) {
                        throw DammException.invalid(key, "empty item in a comma-separated list");
                    }
                    if (peer.allowedIps.size() >= WireGuardPeer.MAX_ALLOWED_IPS) {
                        throw DammException.invalid(key, "must have at most " + WireGuardPeer.MAX_ALLOWED_IPS + " items");
                    }
                    peer.allowedIps.add(IpNetwork.parse(key, s));
                }
                break;
            case "Endpoint":
                peer.endpoint = Endpoint.parse(key, value);
                break;
            default: // PersistentKeepalive
                peer.keepalive = value.equalsIgnoreCase("off") ? 0 : (int) Require.range(key, number(key, value), 0, 65535);
        }
    }

    private void finishPeer() {
        if (peer == null) {
            return;
        }
        PeerState p = peer;
        peer = null;
        if (p.publicKey == null) {
            throw malformed(p.headerLine, "PublicKey: missing in this [Peer] section");
        }
        WireGuardPeer.Builder b = WireGuardPeer.builder(p.publicKey).presharedKey(p.presharedKey).allowedIps(p.allowedIps)
                .endpoint(p.endpoint);
        if (p.keepalive != null) {
            b.persistentKeepalive(p.keepalive);
        }
        config.addPeer(b.build());
    }

    private void finishAmnezia() {
        if (amnezia.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String k : AMNEZIA_KEYS) {
            if (!amnezia.containsKey(k)) missing.add(k);
        }
        String firstKey = amnezia.keySet().iterator().next();
        if (!missing.isEmpty()) {
            throw malformed(interfaceKeyLines.get(firstKey), firstKey + ": AmneziaWG needs all of " + String.join(", ", AMNEZIA_KEYS)
                    + "; missing " + String.join(", ", missing));
        }
        try {
            config.amneziaWg(new AmneziaWgParameters(
                    amnezia.get("Jc").intValue(), amnezia.get("Jmin").intValue(), amnezia.get("Jmax").intValue(),
                    amnezia.get("S1").intValue(), amnezia.get("S2").intValue(),
                    amnezia.get("H1"), amnezia.get("H2"), amnezia.get("H3"), amnezia.get("H4")));
        } catch (DammException e) {
            // The record names the key at fault ("Jmax: ..."); report that key's line.
            String m = e.getMessage();
            int colon = m.indexOf(':');
            Integer line = colon > 0 ? interfaceKeyLines.get(m.substring(0, colon)) : null;
            throw malformed(line != null ? line : interfaceLine, m);
        }
    }

    private static long number(String key, String value) {
        if (!NUMBER.matcher(value).matches()) {
            throw DammException.invalid(key, "must be a decimal number, was '" + Require.printable(value) + "'");
        }
        return Long.parseLong(value);
    }

    private static long fwMark(String key, String value) {
        if (value.equalsIgnoreCase("off")) {
            return 0;
        }
        if (HEX.matcher(value).matches()) {
            return Long.parseLong(value.substring(2), 16);
        }
        return WireGuardConfig.fwMark(key, number(key, value));
    }

    private static boolean bool(String key, String value) {
        // wg-quick compares with nocasematch on.
        if (value.equalsIgnoreCase("true")) return true;
        if (value.equalsIgnoreCase("false")) return false;
        throw DammException.invalid(key, "must be true or false, was '" + Require.printable(value) + "'");
    }

    /** wg-quick splits Address and DNS on commas and whitespace alike. */
    private static String[] wgQuickList(String key, String value) {
        String[] items = value.split("[,\\s]+");
        List<String> out = new ArrayList<>();
        for (String item : items) {
            if (!item.isEmpty()) out.add(item);
        }
        if (out.isEmpty()) {
            throw DammException.invalid(key, "must list at least one value");
        }
        return out.toArray(new String[0]);
    }

    private String sectionName() {
        return section == Section.INTERFACE ? "[Interface]" : "[Peer]";
    }

    private static String echo(String key) {
        return ECHOABLE_KEY.matcher(key).matches() ? "'" + key + "'" : "(not shown)";
    }

    private static DammException malformed(int line, String message) {
        return new DammException(ErrorCode.MALFORMED_INPUT, "line " + line + ": " + message);
    }
}
