package dev.damm.core.score;

import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PathTableTest {
    private static PathEntry entry(int id) {
        PathKey key = PathKey.of("gw-" + id % 7, "fd-" + id, "pool-" + id % 3);
        return new PathEntry(new PathDescriptor(key, ProviderId.of("pp"), RegionCode.of("eu-central"), TransportTier.T0), 0,
                null, null, null, null, null);
    }

    @Property(tries = 200)
    void behavesLikeAMapUnderAnyMixOfAddsAndRemoves(
            @ForAll @Size(max = 400) List<@IntRange(min = -60, max = 60) Integer> ops) {
        PathTable table = new PathTable();
        Map<PathKey, PathEntry> model = new HashMap<>();
        for (int op : ops) {
            PathEntry e = entry(Math.abs(op));
            if (op >= 0 && !model.containsKey(e.key)) {
                table.add(e);
                model.put(e.key, e);
            } else {
                assertSame(model.remove(e.key), table.remove(e.key));
            }
            assertEquals(model.size(), table.size());
        }
        for (int id = 0; id <= 60; id++) {
            PathKey key = entry(id).key;
            PathEntry found = table.get(key);
            if (model.containsKey(key)) {
                assertSame(model.get(key), found);
            } else {
                assertNull(found);
            }
        }
        int[] seen = {0};
        table.forEach(e -> {
            assertSame(model.get(e.key), e);
            seen[0]++;
        });
        assertEquals(model.size(), seen[0]);
    }
}
