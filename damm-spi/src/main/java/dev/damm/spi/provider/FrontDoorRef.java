package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.util.Map;

/**
 * A public surface clients connect to, as the provider allocated or included it: the provider's
 * handle on the resource, whose {@code id} is the provider's own (not the control plane's front
 * door id) and which carries no priority, state or transport parameters.
 *
 * @param provider the owning provider
 * @param id       the provider-side id
 * @param region   the DAMM region it serves
 * @param endpoint the address and port clients dial
 * @param tier     the transport shell it speaks
 * @param labels   the labels stored at the provider, including the idempotency key
 */
public record FrontDoorRef(ProviderId provider, String id, RegionCode region, Endpoint endpoint, TransportTier tier,
                           Map<String, String> labels) implements ResourceRef {

    public FrontDoorRef {
        Require.nonNull("frontDoorRef.provider", provider);
        Require.text("frontDoorRef.id", id, 128);
        Require.nonNull("frontDoorRef.region", region);
        Require.nonNull("frontDoorRef.endpoint", endpoint);
        Require.nonNull("frontDoorRef.tier", tier);
        labels = Labels.copyOf("frontDoorRef.labels", labels, true);
    }
}
