package dev.damm.spi;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequireTest {

    @Test
    void textRejectsNullBlankTooLongAndControlCharacters() {
        assertInvalid("name", () -> Require.text("name", null, 5));
        assertInvalid("name", () -> Require.text("name", "  ", 5));
        assertInvalid("name", () -> Require.text("name", "abcdef", 5));
        assertInvalid("name", () -> Require.text("name", "a\nb", 5));
        assertEquals("abc", Require.text("name", "abc", 5));
    }

    @Test
    void optionalTextAcceptsNullButValidatesOtherwise() {
        assertEquals(null, Require.optionalText("name", null, 3));
        assertInvalid("name", () -> Require.optionalText("name", "", 3));
    }

    @Test
    void rangeNamesTheFieldAndTheValue() {
        DammException e = assertInvalid("port", () -> Require.range("port", 0, 1, 65535));
        assertEquals("port: must be between 1 and 65535, was 0", e.getMessage());
        assertInvalid("ratio", () -> Require.range("ratio", Double.NaN, 0.0, 1.0));
        assertInvalid("ratio", () -> Require.range("ratio", 1.5, 0.0, 1.0));
        assertInvalid("count", () -> Require.nonNegative("count", -1));
    }

    @Test
    void elementsRejectsNullElementsAndTooManyItems() {
        assertInvalid("items", () -> Require.elements("items", Arrays.asList("a", null), 5));
        assertInvalid("items", () -> Require.elements("items", List.of(1, 2, 3), 2));
        assertInvalid("items", () -> Require.elements("items", null, 2));
    }

    @Test
    void printableEscapesControlsAndLineSeparatorsAndShortensLongInput() {
        assertEquals("a?b?c?d", Require.printable("a\nb\u0085c\u2028d"));
        assertEquals("x".repeat(64) + "...", Require.printable("x".repeat(100)));
        assertEquals("null", Require.printable(null));
    }
}
