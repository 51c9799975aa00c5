package dev.damm.core.gateway;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.List;
import java.util.Map;

/**
 * What a gateway sends when it registers: its public key (its private key stays on its host) and
 * the front doors it serves.
 */
public record GatewayRegistration(WireGuardKey publicKey, List<FrontDoorSpec> frontDoors) {
    public GatewayRegistration {
        Require.nonNull("publicKey", publicKey);
        frontDoors = List.copyOf(Require.elements("frontDoors", frontDoors, 64));
        if (frontDoors.isEmpty()) {
            throw dev.damm.spi.DammException.invalid("frontDoors", "a gateway must serve at least one front door");
        }
    }

    /** One front door as the gateway declares it. */
    public record FrontDoorSpec(String id, Endpoint endpoint, TransportTier transport, int priority, Map<String, String> parameters) {
        public FrontDoorSpec {
            Require.text("frontDoor.id", id, 64);
            Require.nonNull("frontDoor.endpoint", endpoint);
            Require.nonNull("frontDoor.transport", transport);
            Require.range("frontDoor.priority", priority, 0, 1000);
            parameters = Map.copyOf(Require.nonNull("frontDoor.parameters", parameters));
            // The catalog's rules for each tier's parameters (AmneziaWG values, WSS path/SNI/Host)
            // apply from registration on, so a door that could never be published is refused now.
            new dev.damm.core.catalog.FrontDoor(id, endpoint, transport, dev.damm.core.catalog.TransportParams.of(parameters),
                    priority, dev.damm.core.catalog.FrontDoorState.ACTIVE);
        }
    }
}
