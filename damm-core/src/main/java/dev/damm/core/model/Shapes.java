package dev.damm.core.model;

import java.util.regex.Pattern;

/** Compiled patterns for identifiers DAMM validates often; compiled once because validation sits on hot paths. */
public final class Shapes {
    /** Provider ids: {@code hetzner}, {@code static}, {@code do-ams3}. */
    public static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** Lower-case names: kinds, purposes, limiter names. */
    public static final Pattern LOWER_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** Dotted lower-case actions such as {@code device.rotate_key}. */
    public static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    /** A lower-case hex SHA-256. */
    public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** The random part of a bearer secret: 32 bytes in unpadded base64url. */
    public static final Pattern SECRET_BODY = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Shapes() {}
}
