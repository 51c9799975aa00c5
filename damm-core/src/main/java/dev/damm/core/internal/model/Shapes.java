package dev.damm.core.internal.model;
import dev.damm.core.model.Gateway;

import java.util.regex.Pattern;

/** Compiled patterns for identifiers DAMM validates often; compiled once because validation sits on hot paths. */
public final class Shapes {
    /**
     * Front door ids (and the score's subject ids): a letter or digit, then up to 63 letters, digits
     * and {@code . _ : -}. One grammar, shared by the domain id, the score's path keys and the
     * catalog's door ids, so a door the control plane accepts is one the catalog can list.
     */
    public static final Pattern ENTITY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    /** How {@link #ENTITY_ID} reads in an error message. */
    public static final String ENTITY_ID_RULE = "a letter or digit, then up to 63 letters, digits and . _ : -";
    /**
     * Gateway and egress pool ids: {@link #ENTITY_ID} without {@code :}. A catalog entry's path id is
     * {@code <gateway id>:<egress pool id>}; with no colon inside either id, two different pairs can
     * never join to the same path id (as {@code a:b}+{@code c} and {@code a}+{@code b:c} would) and a
     * path id maps back to exactly one gateway and pool.
     */
    public static final Pattern PATH_PART_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** How {@link #PATH_PART_ID} reads in an error message. */
    public static final String PATH_PART_ID_RULE = "a letter or digit, then up to 63 letters, digits and . _ -";
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
