package dev.damm.spi.net;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host and port a client dials: an IPv4 literal, an IPv6 literal or a DNS host name, and a
 * port in 1..65535. Text form is {@code host:port}, with brackets around IPv6 literals.
 */
public record Endpoint(String host, int port) {
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\\.?");

    public Endpoint {
        Require.text("endpoint.host", host, 253);
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (IpLiterals.isV4(h) || IpLiterals.looksLikeV6(h)) {
            h = IpLiterals.format(IpLiterals.parse("endpoint.host", h));
        } else {
            h = h.toLowerCase(Locale.ROOT);
            if (!HOSTNAME.matcher(h).matches() || h.matches("[0-9.]+")) {
                throw DammException.invalid("endpoint.host", "must be an IPv4 address, IPv6 literal or host name, was '" + Require.printable(host) + "'");
            }
        }
        host = h;
        Require.range("endpoint.port", port, 1, 65535);
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static Endpoint parse(String text) {
        Require.text("endpoint", text, 261);
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw DammException.invalid("endpoint", "IPv6 endpoints must look like [addr]:port, was '" + Require.printable(s) + "'");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw DammException.invalid("endpoint", "must look like host:port (IPv6 in brackets), was '" + Require.printable(s) + "'");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}")) {
            throw DammException.invalid("endpoint.port", "must be a number between 1 and 65535, was '" + Require.printable(port) + "'");
        }
        return new Endpoint(host, Integer.parseInt(port));
    }

    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    public boolean isIpLiteral() {
        return isIpv6Literal() || IpLiterals.isV4(host);
    }

    @Override
    public String toString() {
        return (isIpv6Literal() ? "[" + host + "]" : host) + ":" + port;
    }
}
