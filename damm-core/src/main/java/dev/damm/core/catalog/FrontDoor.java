package dev.damm.core.catalog;

import dev.damm.core.model.FrontDoorId;
import dev.damm.core.internal.model.FrontDoorRules;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.internal.model.Shapes;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;

/**
 * A front door as the catalog lists it: the client's view of one way into a gateway (where to
 * connect, in which transport shell, with which settings, how preferred, and whether it is a
 * first choice or a failover target). The control plane's {@link dev.damm.core.model.FrontDoor}
 * is the domain model; {@link #published} is the one mapping from it to this wire entry, and the
 * rules both follow are {@link FrontDoorRules}'.
 *
 * @param id the control plane's front door id, in the {@link FrontDoorId} grammar
 * @param endpoint the address the client dials (a CDN edge for T4)
 * @param transport the transport tier
 * @param params the tier's settings; checked against the tier
 * @param priority 0 to {@value FrontDoorRules#MAX_PRIORITY}; lower is tried first
 * @param state {@link FrontDoorState#ACTIVE}, or {@link FrontDoorState#DEMOTED} (kept as a failover
 *     target); never {@link FrontDoorState#INACTIVE}
 */
public record FrontDoor(String id, Endpoint endpoint, TransportTier transport, TransportParams params, int priority, FrontDoorState state) {
    public FrontDoor {
        // The domain id's grammar, so every door the control plane holds can be listed.
        Require.matches("frontDoor.id", id, Shapes.ENTITY_ID, 64, Shapes.ENTITY_ID_RULE);
        Require.nonNull("frontDoor.endpoint", endpoint);
        Require.nonNull("frontDoor.transport", transport);
        params = params == null ? TransportParams.none() : params;
        FrontDoorRules.priority("frontDoor.priority", priority);
        Require.nonNull("frontDoor.state", state);
        if (state == FrontDoorState.INACTIVE) {
            throw DammException.invalid("frontDoor.state", "an inactive front door is never published");
        }
        try {
            params.check(transport);
        } catch (DammException e) {
            throw new DammException(e.errorCode(), "frontDoor." + e.getMessage() + " (transport " + transport.name() + ")");
        }
    }

    /**
     * The catalog entry for {@code door}: demoted when the door itself is, or when {@code demoted}
     * (the score's verdict) says so.
     *
     * @throws DammException {@code INVALID_ARGUMENT} for an inactive door, which is never published
     */
    public static FrontDoor published(dev.damm.core.model.FrontDoor door, boolean demoted) {
        Require.nonNull("frontDoor", door);
        FrontDoorState state = demoted || door.state() == FrontDoorState.DEMOTED ? FrontDoorState.DEMOTED : door.state();
        return new FrontDoor(door.id().value(), door.endpoint(), door.transport(), TransportParams.of(door.parameters()),
                door.priority(), state);
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
