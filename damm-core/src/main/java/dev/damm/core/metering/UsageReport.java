package dev.damm.core.metering;

import dev.damm.spi.Require;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A gateway's usage report: for each peer, its raw rx/tx counters as WireGuard reports them
 * (monotonic since the interface came up). The report id makes delivery idempotent: a gateway
 * may resend after a timeout without counting twice.
 */
public record UsageReport(String reportId, List<PeerCounters> peers) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public UsageReport {
        Require.matches("reportId", reportId, ID, 64, "1-64 characters of [A-Za-z0-9._:-]");
        peers = List.copyOf(Require.elements("peers", peers, 100_000));
    }

    /** One peer's raw counters. */
    public record PeerCounters(WireGuardKey publicKey, long rxBytes, long txBytes) {
        public PeerCounters {
            Require.nonNull("peers.publicKey", publicKey);
            Require.nonNegative("peers.rxBytes", rxBytes);
            Require.nonNegative("peers.txBytes", txBytes);
        }
    }
}
