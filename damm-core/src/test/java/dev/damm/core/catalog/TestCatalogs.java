package dev.damm.core.catalog;

import dev.damm.core.model.FrontDoorState;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.ArrayList;
import java.util.List;

/** Realistic catalog entries for tests: each path has a T0, T1, T3 and T4 front door. */
final class TestCatalogs {
    private TestCatalogs() {}

    public static CatalogEntry entry(int i) {
        byte[] gw = new byte[32];
        gw[0] = (byte) i;
        gw[1] = (byte) (i >> 8);
        gw[31] = 0x40;
        String ip = "203.0." + ((i >> 8) & 0xff) + "." + (i & 0xff);
        return new CatalogEntry(
                "path-" + i,
                List.of(PathComponent.of(ComponentRole.CDN_FRONT, ProviderId.of("cloudflare")),
                        PathComponent.of(ComponentRole.INGRESS, ProviderId.of("hetzner")),
                        PathComponent.of(ComponentRole.EGRESS, ProviderId.of("hetzner"))),
                Math.round((1.0 - i / 100_000.0) * 1000) / 1000.0,
                WireGuardKey.ofBytes(gw),
                CountryCode.of("DE"),
                List.of(
                        FrontDoor.wireGuard("fd-" + i + "-t0", new Endpoint(ip, 51820), 0),
                        new FrontDoor("fd-" + i + "-t1", new Endpoint(ip, 51821), TransportTier.T1,
                                TransportParams.amneziaWg(4, 40, 70, 15, 92, 1106457265, 249455488, 1209847463, 1646644382), 10,
                                FrontDoorState.ACTIVE),
                        new FrontDoor("fd-" + i + "-t3", new Endpoint("gw" + i + ".example.net", 443), TransportTier.T3,
                                TransportParams.wss("/wg", null, null), 20, FrontDoorState.ACTIVE),
                        new FrontDoor("fd-" + i + "-t4", new Endpoint("cdn.example.com", 443), TransportTier.T4,
                                TransportParams.wss("/t/" + i, "cdn.example.com", "gw" + i + ".example.net"), 30,
                                FrontDoorState.DEMOTED)));
    }

    public static List<CatalogEntry> entries(int n) {
        List<CatalogEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(entry(i));
        }
        return out;
    }
}
