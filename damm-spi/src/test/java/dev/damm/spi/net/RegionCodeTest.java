package dev.damm.spi.net;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"eu-central", "us-east-1", "ab", "a1", "x-y-z"})
    void acceptsLowerCaseLettersDigitsAndInnerHyphens(String ok) {
        assertEquals(ok, RegionCode.of(ok).value());
    }

    @Test
    void acceptsExactlyThirtyTwoCharacters() {
        assertEquals(32, RegionCode.of("a".repeat(32)).value().length());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "a", "EU-central", "eu--central", "-eu", "eu-", "eu_central", "eu central",
            "eu.central", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "é-u"})
    void rejectsAnythingElse(String bad) {
        assertInvalid("region", () -> RegionCode.of(bad));
    }
}
