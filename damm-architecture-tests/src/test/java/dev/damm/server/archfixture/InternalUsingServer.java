package dev.damm.server.archfixture;

import dev.damm.core.internal.archfixture.Engine;

/** Fixture: a class outside damm-core that reaches into {@code dev.damm.core.internal}, which the rules forbid. */
public final class InternalUsingServer {
    public int start() {
        return new Engine().run(41);
    }
}
