package dev.damm.core.model;

/** Why a device is suspended. */
public enum SuspensionReason {
    ADMIN,
    OVER_QUOTA
}
