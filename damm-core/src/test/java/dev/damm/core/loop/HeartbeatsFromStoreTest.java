package dev.damm.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.score.PathKey;
import dev.damm.core.testing.ControlPlaneFixture;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Two loops on one store, as two servers: heartbeats one of them received reach the other's score book, once. */
class HeartbeatsFromStoreTest {

    @Test
    void heartbeatsAnotherServerReceivedReachThisBookOnce() {
        LoopFixture a = new LoopFixture();
        a.addGateway("gw-1", ControlPlaneFixture.EU, "hetzner");
        LoopFixture b = new LoopFixture(a.store, x -> x.clock(a.clock));
        b.loop.evaluate(); // b learns the fleet's paths from the store
        PathKey path = a.loop.paths().get(0).key();
        assertEquals(0, a.loop.heartbeatsFromStore(), "a fed the registration's heartbeat itself");

        // Long past the heartbeat TTL, the gateway heartbeats to a only.
        a.clock.advance(Duration.ofMinutes(5));
        a.loop.heartbeat(a.tokens.get("gw-1"), new HeartbeatMetrics(0.3, 0, 0, 0));
        OptionalDouble before = b.loop.breakdown(path).orElseThrow().heartbeatFreshness();
        assertTrue(before.isEmpty() || before.getAsDouble() < 0.5, "b has not seen a recent heartbeat: " + before);
        assertEquals(1, b.loop.heartbeatsFromStore());
        assertEquals(OptionalDouble.of(1.0), b.loop.breakdown(path).orElseThrow().heartbeatFreshness(), "b's book has it now");
        assertEquals(0, b.loop.heartbeatsFromStore(), "the same heartbeat is not fed twice");
        assertEquals(0, a.loop.heartbeatsFromStore(), "nor to the loop that received it");
    }
}
