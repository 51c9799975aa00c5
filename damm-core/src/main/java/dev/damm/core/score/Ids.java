package dev.damm.core.score;

import dev.damm.core.internal.model.Shapes;
import dev.damm.spi.Require;

/** Validates subject ids the score model takes as text, in the domain ids' grammar. */
final class Ids {
    private Ids() {}

    static String require(String field, String value) {
        return Require.matches(field, value, Shapes.ENTITY_ID, 64, Shapes.ENTITY_ID_RULE);
    }
}
