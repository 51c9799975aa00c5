package dev.damm.spi.net;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses and formats IP address literals without ever touching DNS.
 *
 * <p>An IPv6 literal always yields an {@link Inet6Address}, including IPv4-mapped ones such as
 * {@code ::ffff:1.2.3.4}: the JDK would silently turn those into {@link Inet4Address}, which
 * would make {@code ::ffff:0:0/96} an IPv4 network with a 96-bit prefix.
 */
public final class IpLiterals {
    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiterals() {}

    static boolean isV4(String s) {
        return V4.matcher(s).matches();
    }

    static boolean looksLikeV6(String s) {
        return s.indexOf(':') >= 0 && V6_CHARS.matcher(s).matches();
    }

    /**
     * Parses a dotted-quad IPv4 literal or an IPv6 literal (no brackets, no zone id), naming
     * {@code field} in errors.
     *
     * @throws DammException {@code INVALID_ARGUMENT} when {@code text} is not such a literal
     */
    public static InetAddress parse(String field, String text) {
        Require.text(field, text, 45);
        if (isV4(text)) {
            return v4(field, text);
        }
        // The JDK only parses a literal (and never resolves) when the text starts with a hex
        // digit or ':' and contains ':'; anything else could reach the resolver.
        char first = text.charAt(0);
        if (!looksLikeV6(text) || (Character.digit(first, 16) < 0 && first != ':')) {
            throw DammException.invalid(field, "must be an IPv4 or IPv6 address literal, was '" + Require.printable(text) + "'");
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet4Address) {
                // The JDK unmaps ::ffff:a.b.c.d; keep the IPv6 form the text asked for.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
                return Inet6Address.getByAddress(null, mapped, -1);
            }
            return a;
        } catch (UnknownHostException e) {
            throw DammException.invalid(field, "malformed IPv6 address literal '" + Require.printable(text) + "'");
        }
    }

    private static InetAddress v4(String field, String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw DammException.invalid(field, "malformed IPv4 address literal '" + Require.printable(text) + "'");
        }
    }

    /** Formats {@code a} canonically: dotted quad, or RFC 5952 for IPv6 (IPv4-mapped as {@code ::ffff:a.b.c.d}). */
    public static String format(InetAddress a) {
        Require.nonNull("address", a);
        if (a instanceof Inet6Address) {
            return compressV6(a.getAddress());
        }
        return a.getHostAddress();
    }

    /** RFC 5952 text form: lower case, longest zero run compressed, IPv4-mapped in mixed notation (section 5). */
    static String compressV6(byte[] b) {
        if (isV4Mapped(b)) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) j++;
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) return false;
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
