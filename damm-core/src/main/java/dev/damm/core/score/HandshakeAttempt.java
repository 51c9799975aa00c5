package dev.damm.core.score;

import dev.damm.spi.Require;
import java.time.Instant;

/** A WireGuard handshake tried over a path, completed or not. */
public record HandshakeAttempt(PathKey path, Instant at, boolean succeeded) implements Observation.OnPath {
    public HandshakeAttempt {
        Require.nonNull("path", path);
        Require.nonNull("at", at);
    }
}
