package dev.damm.core.model;
import dev.damm.core.internal.model.FrontDoorRules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.util.Collections;
import java.util.Map;

/**
 * A reachable ingress endpoint of a gateway: where a client dials, with which transport shell.
 * The one front-door model: the catalog's wire entry is derived from it
 * ({@link dev.damm.core.catalog.FrontDoor#published}), and its priority and parameters follow
 * {@link FrontDoorRules}, the rules the catalog and the device renderer apply too.
 *
 * @param priority lower is preferred, 0..{@value FrontDoorRules#MAX_PRIORITY}
 * @param parameters transport parameters for the tier (AmneziaWG jc/jmin/..., WSS path/sni/host),
 *     checked against the tier
 */
public record FrontDoor(FrontDoorId id, GatewayId gatewayId, Endpoint endpoint, TransportTier transport,
        int priority, FrontDoorState state, Map<String, String> parameters) {

    public FrontDoor {
        Require.nonNull("frontDoor.id", id);
        Require.nonNull("frontDoor.gatewayId", gatewayId);
        Require.nonNull("frontDoor.endpoint", endpoint);
        Require.nonNull("frontDoor.transport", transport);
        FrontDoorRules.priority("frontDoor.priority", priority);
        Require.nonNull("frontDoor.state", state);
        Map<String, String> sorted = FrontDoorRules.parameters("frontDoor.parameters", parameters);
        FrontDoorRules.checkTier("frontDoor.parameters", transport, sorted);
        parameters = Collections.unmodifiableMap(sorted);
    }

    /** An active front door without transport parameters. */
    public static FrontDoor of(FrontDoorId id, GatewayId gatewayId, Endpoint endpoint, TransportTier transport, int priority) {
        return new FrontDoor(id, gatewayId, endpoint, transport, priority, FrontDoorState.ACTIVE, Map.of());
    }

    public FrontDoor withState(FrontDoorState newState) {
        return new FrontDoor(id, gatewayId, endpoint, transport, priority, newState, parameters);
    }

    /** True unless an operator withdrew the door; derived from the state, so not written as JSON. */
    @JsonIgnore
    public boolean isPublished() {
        return state != FrontDoorState.INACTIVE;
    }
}
