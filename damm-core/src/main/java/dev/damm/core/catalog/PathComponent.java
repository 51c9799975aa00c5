package dev.damm.core.catalog;

import dev.damm.spi.Require;
import dev.damm.spi.provider.ProviderId;

/**
 * One provider component of a path, such as "Cloudflare as CDN front" or "Hetzner as ingress".
 *
 * @param role what the component does
 * @param provider the provider, in the one provider-id grammar every part of DAMM uses
 */
public record PathComponent(ComponentRole role, ProviderId provider) {
    public PathComponent {
        Require.nonNull("composition.role", role);
        Require.nonNull("composition.provider", provider);
    }

    /** Shorthand for {@code new PathComponent(role, provider)}. */
    public static PathComponent of(ComponentRole role, ProviderId provider) {
        return new PathComponent(role, provider);
    }
}
