package dev.damm.server.http;

import java.util.List;
import java.util.Map;

/**
 * The JSON bodies clients send. Every field is nullable here so that a missing one is reported by
 * name ({@code INVALID_ARGUMENT} with its field) rather than as a parse failure; unknown
 * properties are refused by the strict reader.
 */
final class Bodies {
    private Bodies() {}

    /** A device's enrollment: install pass, its public key, and hints. */
    record Enroll(String installPass, String publicKey, String name, String region, String exitCountry, Boolean quarantine) {}

    /** A gateway's registration: its public key and the front doors it serves. */
    record Register(String publicKey, List<Door> frontDoors) {}

    /** One declared front door. */
    record Door(String id, String endpoint, String transport, Integer priority, Map<String, String> parameters) {}

    /** A gateway's heartbeat. */
    record Heartbeat(Double load, Integer activePeers, Long rxBytes, Long txBytes) {}

    /** A gateway's usage report: per-peer raw counters under an id that makes a resend harmless. */
    record Usage(String reportId, List<PeerUsage> peers) {}

    /** One peer's raw counters, as WireGuard reports them since the interface came up. */
    record PeerUsage(String publicKey, Long rxBytes, Long txBytes) {}

    /** A device's new public key (key rotation with its credential). */
    record DeviceKey(String publicKey) {}

    /** A batch of anonymous client quality reports. */
    record Reports(List<Report> reports) {}

    /** One session's outcome on a catalog path; names no device. */
    record Report(String pathId, Boolean succeeded, Double rttMillis, Double throughputMbps) {}
}
