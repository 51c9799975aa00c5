package dev.damm.spi.net;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CountryCodeTest {

    @Test
    void acceptsAssignedCodesInAnyCase() {
        assertEquals("DE", CountryCode.of("DE").value());
        assertEquals("DE", CountryCode.of("de").value());
        assertEquals("US", CountryCode.of("uS").toString());
        assertTrue(CountryCode.of("AT").compareTo(CountryCode.of("DE")) < 0);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "XX", "D", "DEU", "D1", "ZZ", "UK", "E\u0000", "ДЕ"})
    void rejectsWhatIsNotAnAssignedAlpha2Code(String bad) {
        assertInvalid("countryCode", () -> CountryCode.of(bad));
    }
}
