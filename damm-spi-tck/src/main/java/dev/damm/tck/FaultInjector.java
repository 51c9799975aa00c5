package dev.damm.tck;

/**
 * Makes the provider side of a test fail on demand, so the contracts can check that an adapter maps
 * each failure to the right code and stays within its timeouts.
 *
 * <p>For an HTTP provider the test class implements it by programming its WireMock server
 * (see {@link WireMockFaults}); an in-memory provider offers its own switch (see {@link FakeCloud}).
 * Implementations must support every {@link Fault}.
 */
public interface FaultInjector {

    /**
     * From now on, answers every request the adapter makes as {@code fault} describes, until
     * {@link #clear()}. Injecting again replaces the previous fault.
     */
    void inject(Fault fault);

    /** Restores normal answers and releases requests held by {@link Fault#SLOW}. */
    void clear();
}
