package dev.damm.core.internal.permeability;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Locale;

/** Maps enum constants to and from their lower_snake JSON names. */
final class WireEnum {
    private WireEnum() {}

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String wire) {
        Require.text(field, wire, 64);
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(wire)) {
                return e;
            }
        }
        throw DammException.invalid(field, "unknown value '" + Require.printable(wire) + "'");
    }
}
