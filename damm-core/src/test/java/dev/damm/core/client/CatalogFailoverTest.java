package dev.damm.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.ComponentRole;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.catalog.PathComponent;
import dev.damm.core.catalog.TransportParams;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogFailoverTest {
    private static final RegionCode US = RegionCode.of("us-east");

    private static CatalogEntry entry(String id, FrontDoor... doors) {
        return new CatalogEntry(id, List.of(PathComponent.of(ComponentRole.INGRESS, ProviderId.of("vultr")), PathComponent.of(ComponentRole.EGRESS, ProviderId.of("vultr"))),
                0.9, WireGuardKey.ofBytes(new byte[32]), CountryCode.of("DE"), List.of(doors));
    }

    private static FrontDoor door(String id, FrontDoorState state) {
        return new FrontDoor(id, Endpoint.parse("203.0.113.10:51820"), TransportTier.T0, TransportParams.none(), 0, state);
    }

    @Test
    void ownRegionActiveDoorsThenItsDemotedOnesThenRecoveryEntries() {
        Catalog c = CatalogBuilder.builder().scope(CatalogScope.of("eu-central", "standard")).serial(1)
                .addEntry(entry("us-1:eg", door("us-1-t0", FrontDoorState.ACTIVE)).asRecoveryFrom(US))
                .addEntry(entry("eu-1:eg", door("eu-1-t0", FrontDoorState.DEMOTED), door("eu-1-t1", FrontDoorState.ACTIVE)))
                .addEntry(entry("eu-2:eg", door("eu-2-t0", FrontDoorState.ACTIVE)))
                .build();
        Set<String> failed = new HashSet<>();
        List<String> order = new java.util.ArrayList<>();
        for (CatalogFailover.Choice ch = CatalogFailover.next(c, failed); !(ch instanceof CatalogFailover.Exhausted);
                ch = CatalogFailover.next(c, failed)) {
            String id = ch instanceof CatalogFailover.InRegion in ? in.door().id() : ((CatalogFailover.Recovery) ch).door().id();
            order.add(id);
            failed.add(id);
        }
        assertEquals(List.of("eu-1-t1", "eu-2-t0", "eu-1-t0", "us-1-t0"), order,
                "a recovery entry listed first is still tried last; a demoted door of the region before leaving it");
        assertEquals(new CatalogFailover.Exhausted(4), CatalogFailover.next(c, failed));
        assertInstanceOf(CatalogFailover.Recovery.class, CatalogFailover.next(c, Set.of("eu-1-t0", "eu-1-t1", "eu-2-t0")));
    }
}
