package dev.damm.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A reachable ingress endpoint of a gateway: where a client dials, with which transport shell.
 *
 * @param priority lower is preferred, 0..1000
 * @param parameters transport parameters for the tier (AmneziaWG Jc/Jmin/..., WSS path/SNI/Host)
 */
public record FrontDoor(FrontDoorId id, GatewayId gatewayId, Endpoint endpoint, TransportTier transport,
        int priority, FrontDoorState state, Map<String, String> parameters) {
    private static final Pattern PARAM_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public FrontDoor {
        Require.nonNull("frontDoor.id", id);
        Require.nonNull("frontDoor.gatewayId", gatewayId);
        Require.nonNull("frontDoor.endpoint", endpoint);
        Require.nonNull("frontDoor.transport", transport);
        Require.range("frontDoor.priority", priority, 0, 1000);
        Require.nonNull("frontDoor.state", state);
        Require.nonNull("frontDoor.parameters", parameters);
        if (parameters.size() > 32) {
            throw dev.damm.spi.DammException.invalid("frontDoor.parameters", "must have at most 32 entries");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        parameters.forEach((k, v) -> {
            Require.matches("frontDoor.parameters", k, PARAM_KEY, 32, "a lower-case parameter name (the catalog's transport parameter names: jc, jmin, path, sni, ...)");
            Require.text("frontDoor.parameters." + k, v, 256);
            sorted.put(k, v);
        });
        parameters = java.util.Collections.unmodifiableMap(sorted);
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
