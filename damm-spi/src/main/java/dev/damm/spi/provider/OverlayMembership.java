package dev.damm.spi.provider;

import dev.damm.spi.Require;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * One DAMM node's membership in a provider's overlay network, such as a tailnet.
 *
 * @param provider         the owning provider
 * @param id               the provider-side id of the membership (device, key or node id)
 * @param network          the overlay network's name
 * @param hostname         the name the node has inside the overlay
 * @param overlayAddresses the node's addresses inside the overlay, e.g. {@code 100.64.0.7}
 * @param labels           the labels stored at the provider, including the idempotency key
 */
public record OverlayMembership(ProviderId provider, String id, String network, String hostname,
                                List<InetAddress> overlayAddresses, Map<String, String> labels) implements ResourceRef {

    public OverlayMembership {
        Require.nonNull("overlayMembership.provider", provider);
        Require.text("overlayMembership.id", id, 128);
        Require.text("overlayMembership.network", network, 253);
        Require.text("overlayMembership.hostname", hostname, 253);
        overlayAddresses = List.copyOf(Require.elements("overlayMembership.overlayAddresses", overlayAddresses, 16));
        labels = Labels.copyOf("overlayMembership.labels", labels, true);
    }
}
