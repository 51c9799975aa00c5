package dev.damm.core.catalog;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.util.regex.Pattern;

/**
 * One way into a gateway: where to connect, in which transport shell, with which settings, how
 * preferred, and whether it is active or demoted.
 *
 * @param id unique within its entry: letters, digits and {@code . _ : -}, up to 64 characters
 * @param endpoint the address the client dials (a CDN edge for T4)
 * @param transport the transport tier
 * @param params the tier's settings; checked against the tier
 * @param priority 0 to 65535; lower is tried first
 * @param state active, or demoted (kept as a failover target)
 */
public record FrontDoor(String id, Endpoint endpoint, TransportTier transport, TransportParams params, int priority, FrontDoorState state) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public FrontDoor {
        Require.matches("frontDoor.id", id, ID, 64, "letters, digits and . _ : -");
        Require.nonNull("frontDoor.endpoint", endpoint);
        Require.nonNull("frontDoor.transport", transport);
        params = params == null ? TransportParams.none() : params;
        Require.range("frontDoor.priority", priority, 0, 65535);
        Require.nonNull("frontDoor.state", state);
        try {
            params.check(transport);
        } catch (DammException e) {
            throw new DammException(e.errorCode(), "frontDoor." + e.getMessage() + " (transport " + transport.name() + ")");
        }
    }

    /** An active T0 front door with no parameters. */
    public static FrontDoor wireGuard(String id, Endpoint endpoint, int priority) {
        return new FrontDoor(id, endpoint, TransportTier.T0, TransportParams.none(), priority, FrontDoorState.ACTIVE);
    }

    /** Returns a copy in {@code state}. */
    public FrontDoor withState(FrontDoorState state) {
        return new FrontDoor(id, endpoint, transport, params, priority, state);
    }
}
