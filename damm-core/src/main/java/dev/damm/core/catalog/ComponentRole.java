package dev.damm.core.catalog;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/** What a provider component does on a path. */
public enum ComponentRole {
    /** A CDN edge the client connects to first (fronting). */
    CDN_FRONT("cdn-front"),
    /** The machine that terminates the client's transport. */
    INGRESS("ingress"),
    /** Where traffic leaves for the internet; decides the exit country. */
    EGRESS("egress");

    private final String code;

    ComponentRole(String code) {
        this.code = code;
    }

    /** Returns the wire form, e.g. {@code cdn-front}. */
    public String code() {
        return code;
    }

    /** Parses the wire form. */
    public static ComponentRole fromCode(String code) {
        for (ComponentRole r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw DammException.invalid("composition.role", "must be cdn-front, ingress or egress, was '" + Require.printable(code) + "'");
    }
}
