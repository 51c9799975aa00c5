package dev.damm.server.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small fleet the demo sets up over the admin API: one region, one tier, a main and a
 * quarantined egress pool, and one gateway with a bare WireGuard (T0) door and an AmneziaWG (T1)
 * door. Addresses are from the documentation ranges (RFC 5737), so nothing here points at a real
 * host.
 */
final class DemoWorld {
    static final String REGION = "eu-central";
    static final String TIER = "demo";
    static final String GATEWAY = "gw-demo-1";
    static final String PROVIDER = "static";
    static final String EXIT = "DE";

    /**
     * The T1 door's AmneziaWG values: junk packets (count, min and max size), the init and response
     * padding, and four header values clear of WireGuard's own 1..4 and distinct from each other.
     */
    static final Map<String, String> AMNEZIA = amnezia();

    private DemoWorld() {}

    private static Map<String, String> amnezia() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jc", "4");
        m.put("jmin", "40");
        m.put("jmax", "70");
        m.put("s1", "15");
        m.put("s2", "92");
        m.put("h1", "1106457265");
        m.put("h2", "249455488");
        m.put("h3", "1209847463");
        m.put("h4", "1646644382");
        return m;
    }

    /** {@code PUT /v1/admin/egress/{id}} bodies, by pool id. */
    static Map<String, ObjectNode> egressPools() {
        Map<String, ObjectNode> m = new LinkedHashMap<>();
        m.put("eg-demo-main", pool("main", List.of("DE", "NL"), "198.51.100.0/28"));
        m.put("eg-demo-quarantine", pool("quarantined", List.of("DE"), "198.51.100.64/28"));
        return m;
    }

    private static ObjectNode pool(String kind, List<String> exits, String ips) {
        ObjectNode b = DemoHttp.object().put("region", REGION).put("provider", PROVIDER).put("kind", kind);
        exits.forEach(b.putArray("exits")::add);
        b.putArray("ips").add(ips);
        return b;
    }

    /** {@code PUT /v1/admin/tiers/demo}. */
    static ObjectNode tier() {
        ObjectNode b = DemoHttp.object().put("name", "Demo tier").put("sessions", 10_000).put("bytes", 50L * 1024 * 1024 * 1024)
                .put("substitution", "strict");
        b.putArray("regions").add(REGION);
        b.putArray("exits").add("DE").add("NL");
        return b;
    }

    /** {@code POST /v1/gateways/register}: the gateway's public key and its two front doors. */
    static ObjectNode registration(String publicKey) {
        ObjectNode b = DemoHttp.object().put("publicKey", publicKey);
        ArrayNode doors = b.putArray("frontDoors");
        doors.addObject().put("id", GATEWAY + "-t0").put("endpoint", "203.0.113.10:51820").put("transport", "T0").put("priority", 10);
        ObjectNode t1 = doors.addObject().put("id", GATEWAY + "-t1").put("endpoint", "203.0.113.10:443").put("transport", "T1").put("priority", 20);
        ObjectNode params = t1.putObject("parameters");
        AMNEZIA.forEach(params::put);
        return b;
    }
}
