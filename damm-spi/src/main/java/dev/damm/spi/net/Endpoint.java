package dev.damm.spi.net;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * A host and port a client dials: an IPv4 literal, an IPv6 literal or a DNS host name, and a
 * port in 1..65535. Text form is {@code host:port}, with brackets around IPv6 literals.
 *
 * <p>The host is stored canonically: IPv6 in RFC 5952 form without brackets, names lower-case.
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        Require.text("endpoint.host", host, 253);
        String h = host.strip();
        boolean bracketed = h.length() >= 2 && h.startsWith("[") && h.endsWith("]");
        if (bracketed) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            h = IpLiterals.format(IpLiterals.parse("endpoint.host", h));
        } else if (bracketed) {
            throw DammException.invalid("endpoint.host", "brackets are only for IPv6 literals, was '" + Require.printable(host) + "'");
        } else if (IpLiterals.isV4(h)) {
            h = IpLiterals.format(IpLiterals.parse("endpoint.host", h));
        } else if (DnsName.isValid(h)) {
            h = DnsName.parse("endpoint.host", h).value();
        } else {
            throw DammException.invalid("endpoint.host", "must be an IPv4 address, IPv6 literal or host name, was '" + Require.printable(host) + "'");
        }
        host = h;
        Require.range("endpoint.port", port, 1, 65535);
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static Endpoint parse(String text) {
        return parse("endpoint", text);
    }

    /**
     * As {@link #parse(String)}, naming {@code field} in errors ({@code field}, {@code field.host},
     * {@code field.port}).
     */
    public static Endpoint parse(String field, String text) {
        Require.text(field, text, 261);
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw DammException.invalid(field, "IPv6 endpoints must look like [addr]:port, was '" + Require.printable(s) + "'");
            }
            host = s.substring(0, close + 1);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw DammException.invalid(field, "must look like host:port (IPv6 in brackets), was '" + Require.printable(s) + "'");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}")) {
            throw DammException.invalid(field + ".port", "must be a number between 1 and 65535, was '" + Require.printable(port) + "'");
        }
        try {
            return new Endpoint(host, Integer.parseInt(port));
        } catch (DammException e) {
            // The constructor names "endpoint.host" / "endpoint.port"; speak of the caller's field.
            String m = e.getMessage();
            if (!field.equals("endpoint") && m.startsWith("endpoint.")) {
                throw new DammException(e.errorCode(), field + m.substring("endpoint".length()));
            }
            throw e;
        }
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
