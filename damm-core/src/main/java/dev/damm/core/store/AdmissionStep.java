package dev.damm.core.store;

import dev.damm.core.model.GatewayId;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * What changed between two consecutive admission sets of one gateway: the unsigned delta from
 * {@code baseSerial} to {@code serial}. A chain of steps lets the publisher answer "what changed
 * since serial S" in proportion to the changes, without keeping every old set. The bytes are
 * opaque to the store; their format is the admission publisher's.
 *
 * @param deltaJson the unsigned delta's JSON, at most {@value #MAX_BYTES} bytes
 */
public record AdmissionStep(GatewayId gatewayId, long baseSerial, long serial, byte[] deltaJson) {
    /** Largest step a store keeps: above the largest admission delta's JSON (about 1.4 MB). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    public AdmissionStep {
        Require.nonNull("step.gatewayId", gatewayId);
        Require.range("step.baseSerial", baseSerial, 1, Long.MAX_VALUE);
        Require.range("step.serial", serial, 1, Long.MAX_VALUE);
        if (serial <= baseSerial) {
            throw DammException.invalid("step.serial", "must be above the base serial " + baseSerial + ", was " + serial);
        }
        Require.nonNull("step.deltaJson", deltaJson);
        if (deltaJson.length == 0 || deltaJson.length > MAX_BYTES) {
            throw DammException.invalid("step.deltaJson", "must be 1 to " + MAX_BYTES + " bytes, was " + deltaJson.length);
        }
        deltaJson = deltaJson.clone();
    }

    @Override
    public byte[] deltaJson() {
        return deltaJson.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdmissionStep s && s.gatewayId.equals(gatewayId) && s.baseSerial == baseSerial && s.serial == serial
                && java.util.Arrays.equals(s.deltaJson, deltaJson);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(gatewayId, baseSerial, serial, java.util.Arrays.hashCode(deltaJson));
    }

    @Override
    public String toString() {
        return "AdmissionStep[" + gatewayId + ", " + baseSerial + " -> " + serial + ", " + deltaJson.length + " bytes]";
    }
}
