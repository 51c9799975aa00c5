package dev.damm.spi.net;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Locale;
import java.util.Set;

/**
 * An ISO 3166-1 alpha-2 country code such as {@code DE}, used for exit countries.
 *
 * <p>Only officially assigned codes known to the JDK are accepted; input is upper-cased.
 */
public record CountryCode(String value) implements Comparable<CountryCode> {
    private static final Set<String> ASSIGNED = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

    public CountryCode {
        Require.text("countryCode", value, 2);
        value = value.toUpperCase(Locale.ROOT);
        if (value.length() != 2 || !ASSIGNED.contains(value)) {
            throw DammException.invalid("countryCode", "must be an ISO 3166-1 alpha-2 code, was '" + Require.printable(value) + "'");
        }
    }

    public static CountryCode of(String value) {
        return new CountryCode(value);
    }

    @Override
    public int compareTo(CountryCode o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
