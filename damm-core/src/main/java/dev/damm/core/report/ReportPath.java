package dev.damm.core.report;

import dev.damm.spi.Require;

/**
 * One tracked path with its score and the estimators behind it.
 *
 * @param pathId {@code gateway/frontDoor/egressPool}
 * @param gatewayName the gateway's name as its operator gave it (untrusted text: escape it)
 * @param provider the front door's provider
 * @param transport the transport tier label, e.g. {@code wireguard}
 * @param score the composite in [0, 1]; {@code null} with no data yet
 * @param confidence decayed observation count behind the score
 * @param state the front door's catalog state ({@code active}, {@code demoted}); {@code null} when unknown
 */
public record ReportPath(String pathId, String gatewayId, String gatewayName, String frontDoorId, String egressPoolId,
                         String provider, String region, String transport, Double score, double confidence, String state,
                         ScoreFactors breakdown) {
    public ReportPath {
        Require.nonNull("pathId", pathId);
        Require.nonNull("gatewayId", gatewayId);
        Require.nonNull("gatewayName", gatewayName);
        Require.nonNull("frontDoorId", frontDoorId);
        Require.nonNull("egressPoolId", egressPoolId);
        Require.nonNull("provider", provider);
        Require.nonNull("region", region);
        Require.nonNull("transport", transport);
        Require.nonNull("breakdown", breakdown);
    }
}
