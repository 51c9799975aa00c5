package dev.damm.core.store;

import dev.damm.core.model.GatewayId;
import dev.damm.spi.Require;
import java.time.Instant;

/**
 * The newest admission set published for one gateway, as the publisher wrote it: what a delta is
 * computed against and what a gateway that cannot take a delta receives in full. The store keeps
 * the bytes opaque; their format is the admission publisher's.
 *
 * @param setJson the unsigned set's JSON, at most {@value #MAX_BYTES} bytes
 */
public record AdmissionSnapshot(GatewayId gatewayId, long serial, byte[] setJson, Instant publishedAt) {
    /** Largest snapshot a store keeps: above the largest admission set's JSON (about 11 MB). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    public AdmissionSnapshot {
        Require.nonNull("snapshot.gatewayId", gatewayId);
        Require.range("snapshot.serial", serial, 1, Long.MAX_VALUE);
        Require.nonNull("snapshot.setJson", setJson);
        if (setJson.length == 0 || setJson.length > MAX_BYTES) {
            throw dev.damm.spi.DammException.invalid("snapshot.setJson", "must be 1 to " + MAX_BYTES + " bytes, was " + setJson.length);
        }
        setJson = setJson.clone();
        Require.nonNull("snapshot.publishedAt", publishedAt);
    }

    @Override
    public byte[] setJson() {
        return setJson.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdmissionSnapshot s && s.gatewayId.equals(gatewayId) && s.serial == serial
                && java.util.Arrays.equals(s.setJson, setJson) && s.publishedAt.equals(publishedAt);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(gatewayId, serial, java.util.Arrays.hashCode(setJson), publishedAt);
    }

    @Override
    public String toString() {
        return "AdmissionSnapshot[" + gatewayId + ", serial " + serial + ", " + setJson.length + " bytes, " + publishedAt + "]";
    }
}
