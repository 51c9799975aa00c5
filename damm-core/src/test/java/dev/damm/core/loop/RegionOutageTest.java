package dev.damm.core.loop;

import static dev.damm.core.loop.LoopFixture.EU_SCOPE;
import static dev.damm.core.loop.LoopFixture.US_SCOPE;
import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static dev.damm.core.testing.ControlPlaneFixture.US;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogCodec;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.catalog.Verification;
import dev.damm.core.client.CatalogFailover;
import dev.damm.core.store.InMemoryStore;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.RegionCode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Losing a region loses no client: its catalog carries recovery entries from the adjacent region. */
class RegionOutageTest {

    private static LoopFixture fleet() {
        LoopFixture f = new LoopFixture(new InMemoryStore(), b -> b.adjacent(EU, List.of(US)).recoveryEntriesPerRegion(1));
        f.addGateway("gw-eu-a", EU, "hetzner");
        f.addGateway("gw-eu-b", EU, "vultr");
        f.addGateway("gw-us-a", US, "vultr");
        f.addGateway("gw-us-b", US, "hetzner");
        for (int i = 0; i < 12; i++) {
            f.clock.advanceSeconds(10);
            f.tokens.keySet().forEach(f::heartbeat);
            // gw-us-a is the better US gateway, so it is the one recovery entry.
            f.probeAll(d -> d.key().gatewayId().value().equals("gw-us-b") && d.transport().ordinal() == 0);
            f.loop.evaluate();
        }
        return f;
    }

    @Test
    void whenEveryPathOfTheRegionFailsTheCachedCatalogOffersTheAdjacentRegion() {
        LoopFixture f = fleet();
        byte[] signed = f.loop.publish(EU_SCOPE).published().catalog().toJson();

        // The client verified and cached its region's catalog while the region was up.
        Verification v = f.client(EU_SCOPE).verify(signed);
        Catalog cached = assertInstanceOf(Verification.Trusted.class, v, v.toString()).catalog();
        assertEquals(EU_SCOPE, cached.scope(), "recovery entries do not change whom the catalog is for");
        assertEquals(List.of("gw-us-a:eg-us-main"), cached.recoveryEntries().stream().map(CatalogEntry::pathId).toList());
        assertEquals(US, cached.recoveryEntries().get(0).recoveryFrom().orElseThrow());
        assertEquals(2, cached.regionEntries().size());

        // The region goes down: the client works through every in-region door first.
        Set<String> failed = new HashSet<>();
        List<String> inRegionDoors = cached.regionEntries().stream().flatMap(e -> e.frontDoors().stream()).map(FrontDoor::id).toList();
        for (int i = 0; i < inRegionDoors.size(); i++) {
            CatalogFailover.Choice c = CatalogFailover.next(cached, failed);
            CatalogFailover.InRegion in = assertInstanceOf(CatalogFailover.InRegion.class, c,
                    "a door of the region is left, so the client stays: " + c);
            assertTrue(in.door().id().startsWith("gw-eu-"));
            failed.add(in.door().id());
        }
        assertEquals(new HashSet<>(inRegionDoors), failed);

        // Every in-region path failed: the next choice is the recovery entry, from the cached catalog.
        CatalogFailover.Choice next = CatalogFailover.next(cached, failed);
        CatalogFailover.Recovery r = assertInstanceOf(CatalogFailover.Recovery.class, next, next.toString());
        assertEquals(US, r.region());
        assertEquals("gw-us-a:eg-us-main", r.entry().pathId());
        assertTrue(r.door().id().startsWith("gw-us-a-"));

        r.entry().frontDoors().forEach(d -> failed.add(d.id()));
        assertEquals(new CatalogFailover.Exhausted(6), CatalogFailover.next(cached, failed));
    }

    @Test
    void theCatalogStaysBoundToItsScope() {
        LoopFixture f = fleet();
        byte[] eu = f.loop.publish(EU_SCOPE).published().catalog().toJson();
        Verification v = f.client(US_SCOPE).verify(eu);
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, v,
                "a catalog listing US paths is still the EU catalog, not one a US client may use");
        assertEquals(dev.damm.core.trust.RejectionReason.SCOPE_MISMATCH, rejected.reason());
        Catalog us = f.loop.publish(US_SCOPE).published().catalog().catalog();
        assertTrue(us.recoveryEntries().isEmpty(), "no adjacency configured for us-east");
    }

    @Test
    void aRecoveryEntryMustComeFromAnotherRegionAndTheirNumberIsBounded() {
        LoopFixture f = fleet();
        Catalog c = f.loop.publish(EU_SCOPE).published().catalog().catalog();
        CatalogEntry own = c.regionEntries().get(0);

        DammException sameRegion = assertThrows(DammException.class, () -> CatalogBuilder.builder().scope(EU_SCOPE).serial(1)
                .addEntry(own.asRecoveryFrom(EU)).build());
        assertEquals(ErrorCode.INVALID_ARGUMENT, sameRegion.errorCode());
        assertTrue(sameRegion.getMessage().startsWith("entries: recovery entry"), sameRegion.getMessage());

        CatalogBuilder tooMany = CatalogBuilder.builder().scope(EU_SCOPE).serial(1);
        for (int i = 0; i <= Catalog.MAX_RECOVERY_ENTRIES; i++) {
            tooMany.addEntry(new CatalogEntry("p" + i, own.composition(), own.score(), own.gatewayKey(), own.exitCountry(),
                    own.frontDoors(), java.util.Optional.of(RegionCode.of("ap-south"))));
        }
        DammException bound = assertThrows(DammException.class, tooMany::build);
        assertTrue(bound.getMessage().contains("at most " + Catalog.MAX_RECOVERY_ENTRIES), bound.getMessage());

        // The marker survives the wire, and a decoded one is checked like a built one.
        Catalog back = CatalogCodec.decode(CatalogCodec.encode(c));
        assertEquals(c, back);
        String forged = new String(CatalogCodec.encode(c), java.nio.charset.StandardCharsets.UTF_8).replace("\"recovery\":\"us-east\"",
                "\"recovery\":\"eu-central\"");
        DammException malformed = assertThrows(DammException.class, () -> CatalogCodec.decode(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.MALFORMED_INPUT, malformed.errorCode());
    }
}
