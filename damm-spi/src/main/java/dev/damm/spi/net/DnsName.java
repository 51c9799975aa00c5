package dev.damm.spi.net;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DNS host or domain name such as {@code gw1.example.net}: ASCII letters, digits and inner
 * hyphens, labels of 1 to 63 characters, at most 253 characters, an optional trailing dot.
 * Stored lower-case.
 *
 * <p>The last label may not be all digits (RFC 3696 section 2), so {@code 1.2.3} or
 * {@code 256.1.1.1} are never taken for names: resolvers would read them as IPv4 addresses.
 * Internationalised names must be given in their ASCII ({@code xn--}) form.
 */
public record DnsName(String value) implements Comparable<DnsName> {
    private static final Pattern SHAPE = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?:.*\\.)?[0-9]+\\.?");

    public DnsName {
        value = normalize("dnsName", value);
    }

    public static DnsName of(String value) {
        return new DnsName(value);
    }

    /** As {@link #of(String)}, naming {@code field} in errors. */
    public static DnsName parse(String field, String text) {
        return new DnsName(normalize(field, text));
    }

    static String normalize(String field, String text) {
        Require.text(field, text, 253);
        String s = text.strip();
        if (!isValid(s)) {
            throw DammException.invalid(field, "must be a DNS name (letters, digits and inner hyphens, labels of at most 63 characters), was '"
                    + Require.printable(text) + "'");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** True when {@code s} is a valid name in any letter case. */
    static boolean isValid(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                // Checked first: toLowerCase would map e.g. KELVIN SIGN to 'k'.
                return false;
            }
        }
        String lower = s.toLowerCase(Locale.ROOT);
        return SHAPE.matcher(lower).matches() && !NUMERIC_LAST_LABEL.matcher(lower).matches();
    }

    @Override
    public int compareTo(DnsName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
