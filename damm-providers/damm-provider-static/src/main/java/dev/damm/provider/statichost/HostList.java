package dev.damm.provider.statichost;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the static host list.
 *
 * <p>Entries are separated by commas or line breaks; {@code #} starts a comment that runs to the
 * end of the line. An entry is {@code name=host:port} followed by optional blank-separated
 * attributes: {@code region=<damm region>}, {@code egress=<ip>}, {@code probe=<tcp port>},
 * {@code tier=<T0..T4>}. IPv6 endpoints are written in brackets, {@code [2001:db8::5]:51820}.
 * Every error is a {@code CONFIGURATION_ERROR} naming the configuration key and the entry.
 */
final class HostList {
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SEPARATOR = Pattern.compile("[,\\n]");

    private HostList() {}

    /**
     * Parses {@code text}, read from configuration key {@code key}, into hosts by name.
     *
     * @param defaultRegion the region of hosts that name none; null when there is no default
     */
    static Map<String, StaticHost> parse(String key, String text, RegionCode defaultRegion) {
        Map<String, StaticHost> hosts = new LinkedHashMap<>();
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\\r?\\n", -1)) {
            int hash = line.indexOf('#');
            withoutComments.append(hash < 0 ? line : line.substring(0, hash)).append('\n');
        }
        int index = 0;
        for (String raw : SEPARATOR.split(withoutComments)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            index++;
            StaticHost host = entry(key, index, entry, defaultRegion);
            if (hosts.putIfAbsent(host.name(), host) != null) {
                throw error(key, index, entry, "host name '" + host.name() + "' is used twice");
            }
        }
        return hosts;
    }

    private static StaticHost entry(String key, int index, String entry, RegionCode defaultRegion) {
        String[] parts = entry.split("\\s+");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            throw error(key, index, entry, "must start with name=host:port");
        }
        String name = parts[0].substring(0, eq);
        if (!NAME.matcher(name).matches()) {
            throw error(key, index, entry, "name must be a lower-case DNS label");
        }
        RegionCode region = defaultRegion;
        TransportTier tier = TransportTier.T0;
        InetAddress egress = null;
        int probePort = 0;
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(parts[0].substring(eq + 1));
            for (int i = 1; i < parts.length; i++) {
                int aeq = parts[i].indexOf('=');
                String attr = aeq < 0 ? parts[i] : parts[i].substring(0, aeq);
                String value = aeq < 0 ? "" : parts[i].substring(aeq + 1);
                switch (attr) {
                    case "region":
                        region = RegionCode.of(value);
                        break;
                    case "tier":
                        tier = TransportTier.parse(value);
                        break;
                    case "egress":
                        egress = hostAddress(value);
                        break;
                    case "probe":
                        if (!value.matches("\\d{1,5}")) {
                            throw DammException.invalid("probe", "must be a TCP port number, was '" + Require.printable(value) + "'");
                        }
                        probePort = Require.range("probe", Integer.parseInt(value), 1, 65535);
                        break;
                    default:
                        throw DammException.invalid(attr, "unknown attribute; use region=, egress=, probe= or tier=");
                }
            }
            if (egress == null && endpoint.isIpLiteral()) {
                egress = hostAddress(endpoint.host());
            }
        } catch (DammException e) {
            throw error(key, index, entry, e.getMessage());
        }
        if (region == null) {
            throw error(key, index, entry, "no region: add region=<damm region> or set the 'region' key");
        }
        return new StaticHost(name, endpoint, region, tier, egress, probePort);
    }

    private static InetAddress hostAddress(String literal) {
        IpNetwork n = IpNetwork.parse("egress", literal);
        if (n.prefixLength() != n.addressBits()) {
            throw DammException.invalid("egress", "must be a single address, was '" + Require.printable(literal) + "'");
        }
        return n.address();
    }

    private static DammException error(String key, int index, String entry, String problem) {
        return new DammException(ErrorCode.CONFIGURATION_ERROR, key + ": entry " + index + " ('" + Require.printable(entry) + "'): " + problem);
    }

    /** Every host of every source, failing on a name used in two sources. */
    static Map<String, StaticHost> merge(List<Map<String, StaticHost>> sources) {
        Map<String, StaticHost> all = new LinkedHashMap<>();
        List<String> clashes = new ArrayList<>();
        for (Map<String, StaticHost> s : sources) {
            for (StaticHost h : s.values()) {
                if (all.putIfAbsent(h.name(), h) != null) {
                    clashes.add(h.name());
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "hosts: " + clashes + " appear in both hosts and hostsFile");
        }
        return all;
    }
}
