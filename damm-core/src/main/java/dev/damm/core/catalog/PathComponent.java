package dev.damm.core.catalog;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/**
 * One provider component of a path, such as "Cloudflare as CDN front" or "Hetzner as ingress".
 *
 * @param role what the component does
 * @param provider the provider id: a lower-case letter, then up to 31 lower-case letters, digits or hyphens
 */
public record PathComponent(ComponentRole role, String provider) {
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public PathComponent {
        Require.nonNull("composition.role", role);
        Require.matches("composition.provider", provider, PROVIDER, 32, "a lower-case provider id");
    }

    /** Shorthand for {@code new PathComponent(role, provider)}. */
    public static PathComponent of(ComponentRole role, String provider) {
        return new PathComponent(role, provider);
    }
}
