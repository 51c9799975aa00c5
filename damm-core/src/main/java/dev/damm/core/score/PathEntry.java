package dev.damm.core.score;

/**
 * A registered path: its estimators (inherited, to save an object per path) and direct links to
 * the aggregates each of its observations also feeds, so an ingest does one hash lookup.
 */
final class PathEntry extends DecayedStats {
    final PathKey key;
    final PathDescriptor descriptor;
    final Aggregate frontDoor;
    final Aggregate gateway;
    final Aggregate egressPool;
    final Aggregate provider;
    final Aggregate transport;
    /** Last rate the path advertised in a throughput sample, Mbit/s; 0 until one arrives. */
    float advertisedMbps;

    PathEntry(PathDescriptor descriptor, long landmark, Aggregate frontDoor, Aggregate gateway,
              Aggregate egressPool, Aggregate provider, Aggregate transport) {
        super(landmark);
        this.key = descriptor.key();
        this.descriptor = descriptor;
        this.frontDoor = frontDoor;
        this.gateway = gateway;
        this.egressPool = egressPool;
        this.provider = provider;
        this.transport = transport;
    }
}
