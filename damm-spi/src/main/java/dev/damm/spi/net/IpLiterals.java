package dev.damm.spi.net;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals without ever touching DNS. */
final class IpLiterals {
    private static final Pattern V4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiterals() {}

    static boolean isV4(String s) {
        return V4.matcher(s).matches();
    }

    static boolean looksLikeV6(String s) {
        return s.indexOf(':') >= 0 && V6_CHARS.matcher(s).matches();
    }

    /** Parses a v4 dotted quad or a v6 literal (no zone id, no brackets). */
    static InetAddress parse(String field, String s) {
        Require.text(field, s, 45);
        if (!isV4(s) && !looksLikeV6(s)) {
            throw DammException.invalid(field, "must be an IPv4 or IPv6 address literal, was '" + Require.printable(s) + "'");
        }
        try {
            // Literal-only input: getByName parses it and performs no lookup.
            InetAddress a = InetAddress.getByName(s);
            if (looksLikeV6(s) && !(a instanceof Inet6Address) && !s.contains("::ffff:")) {
                throw DammException.invalid(field, "malformed IPv6 literal '" + Require.printable(s) + "'");
            }
            return a;
        } catch (UnknownHostException e) {
            throw DammException.invalid(field, "malformed IP address literal '" + Require.printable(s) + "'");
        }
    }

    static String format(InetAddress a) {
        if (a instanceof Inet6Address) {
            return compressV6(a.getAddress());
        }
        return a.getHostAddress();
    }

    /** RFC 5952 text form: lower case, longest zero run compressed. */
    static String compressV6(byte[] b) {
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
}
