package dev.damm.core.archfixture;

import dev.damm.core.internal.archfixture.Engine;

/** Fixture: the core's public side using its own internals, which the rules allow. */
public final class EngineUser {
    public int use() {
        return new Engine().run(1);
    }
}
