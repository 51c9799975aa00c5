package dev.damm.core.internal.archfixture;

/** Fixture: stands for an engine under {@code dev.damm.core.internal}. */
public final class Engine {
    public int run(int input) {
        return input + 1;
    }
}
