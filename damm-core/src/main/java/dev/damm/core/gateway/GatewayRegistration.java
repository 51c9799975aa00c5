package dev.damm.core.gateway;

import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.internal.model.FrontDoorRules;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.GatewayId;
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
public record GatewayRegistration(WireGuardKey publicKey, List<DeclaredFrontDoor> frontDoors) {
    public GatewayRegistration {
        Require.nonNull("publicKey", publicKey);
        frontDoors = List.copyOf(Require.elements("frontDoors", frontDoors, 64));
        if (frontDoors.isEmpty()) {
            throw dev.damm.spi.DammException.invalid("frontDoors", "a gateway must serve at least one front door");
        }
    }

    /**
     * One front door as the gateway declares it: everything but the state, which the control
     * plane owns. Checked by {@link FrontDoorRules}, the rules the model, the catalog and the
     * device renderer apply, so a door that could never be published is refused at registration.
     */
    public record DeclaredFrontDoor(FrontDoorId id, Endpoint endpoint, TransportTier transport, int priority,
                                    Map<String, String> parameters) {
        public DeclaredFrontDoor {
            Require.nonNull("frontDoor.id", id);
            Require.nonNull("frontDoor.endpoint", endpoint);
            Require.nonNull("frontDoor.transport", transport);
            FrontDoorRules.priority("frontDoor.priority", priority);
            parameters = Map.copyOf(FrontDoorRules.parameters("frontDoor.parameters", parameters));
            FrontDoorRules.checkTier("frontDoor.parameters", transport, parameters);
        }

        /** A declaration with the id as the gateway sends it. */
        public DeclaredFrontDoor(String id, Endpoint endpoint, TransportTier transport, int priority, Map<String, String> parameters) {
            this(FrontDoorId.of(id), endpoint, transport, priority, parameters);
        }

        /** The model's front door for gateway {@code gateway}, in {@code state}. */
        public FrontDoor toFrontDoor(GatewayId gateway, FrontDoorState state) {
            return new FrontDoor(id, gateway, endpoint, transport, priority, state, parameters);
        }
    }
}
