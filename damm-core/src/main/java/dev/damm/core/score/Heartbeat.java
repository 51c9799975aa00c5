package dev.damm.core.score;

import dev.damm.core.model.GatewayId;
import dev.damm.spi.Require;
import java.time.Instant;

/**
 * A gateway's heartbeat: it is alive at {@code at} and carries {@code load} in [0, 1]
 * (1 = saturated). It feeds every path through the gateway.
 */
public record Heartbeat(GatewayId gatewayId, Instant at, double load) implements Observation {
    public Heartbeat {
        Require.nonNull("gatewayId", gatewayId);
        Require.nonNull("at", at);
        Require.range("load", load, 0.0, 1.0);
    }
}
