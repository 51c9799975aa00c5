package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import java.util.Map;

/**
 * A tunnel the provider terminates for DAMM, with the public hostname traffic enters by.
 *
 * @param provider       the owning provider
 * @param id             the provider-side tunnel id
 * @param name           the tunnel's name at the provider
 * @param publicHostname the hostname that routes into the tunnel
 * @param origin         the DAMM endpoint the tunnel delivers to
 * @param labels         the labels stored at the provider, including the idempotency key
 */
public record TunnelRef(ProviderId provider, String id, String name, String publicHostname, Endpoint origin,
                        Map<String, String> labels) implements ResourceRef {

    public TunnelRef {
        Require.nonNull("tunnelRef.provider", provider);
        Require.text("tunnelRef.id", id, 128);
        Require.text("tunnelRef.name", name, 253);
        Require.text("tunnelRef.publicHostname", publicHostname, 253);
        Require.nonNull("tunnelRef.origin", origin);
        labels = Labels.copyOf("tunnelRef.labels", labels, true);
    }
}
