package dev.damm.core.model;

/** A device's lifecycle state. Only {@link #ACTIVE} devices appear in admission sets. */
public enum DeviceState {
    ACTIVE,
    /** Suspended by an admin or for exceeding its byte quota; can be resumed. */
    SUSPENDED,
    /** Revoked for good; the device must enroll again. Its addresses go to quarantine. */
    REVOKED
}
