package dev.damm.core.store;

import dev.damm.core.model.GatewayId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The recent admission sets of each gateway: the newest one in full and the steps that led to it,
 * so that several servers, and a restarted one, answer a gateway's "what changed since serial S"
 * from the same history.
 */
public interface AdmissionHistoryRepository {
    /** The newest snapshot recorded for {@code gatewayId}. */
    Optional<AdmissionSnapshot> latest(GatewayId gatewayId);

    /** The newest snapshot's serial, without reading the snapshot. */
    OptionalLong latestSerial(GatewayId gatewayId);

    /**
     * Makes {@code snapshot} the gateway's newest, adds {@code step} (when given; it must end at the
     * snapshot's serial), and drops the gateway's steps ending at or below
     * {@code snapshot.serial() - retain}, so at most {@code retain} steps are kept.
     *
     * @throws dev.damm.spi.DammException {@code CONFLICT} unless the snapshot's serial is above the
     *     newest recorded one; {@code INVALID_ARGUMENT} when the step is for another gateway or
     *     serial, or {@code retain} is below 1
     */
    void record(AdmissionSnapshot snapshot, Optional<AdmissionStep> step, int retain);

    /** The gateway's steps ending above {@code afterSerial}, lowest first, at most {@code limit}. */
    List<AdmissionStep> stepsAfter(GatewayId gatewayId, long afterSerial, int limit);
}
