package dev.damm.spi.transport;

import dev.damm.spi.DammException;
import java.util.Locale;

/** The shell a front door wraps WireGuard datagrams in; every tier carries the same payload. */
public enum TransportTier {
    /** Bare WireGuard over UDP. */
    T0("wireguard"),
    /** AmneziaWG: junk packets, padding and rewritten message headers. */
    T1("amneziawg"),
    /** WireGuard datagrams framed inside a Shadowsocks AEAD TCP stream. */
    T2("shadowsocks"),
    /** WireGuard datagrams as binary WebSocket messages over TLS. */
    T3("wss"),
    /** T3 reached through a CDN edge: connect address, SNI and Host differ. */
    T4("fronted-wss");

    private final String label;

    TransportTier(String label) {
        this.label = label;
    }

    /** A human label such as {@code amneziawg}. */
    public String label() {
        return label;
    }

    /** Accepts {@code T0}..{@code T4} (any case) or a label. */
    public static TransportTier parse(String text) {
        if (text == null) {
            throw DammException.invalid("transport", "must not be null");
        }
        if (text.isBlank()) {
            throw DammException.invalid("transport", "must not be blank");
        }
        String s = text.strip();
        for (TransportTier t : values()) {
            if (t.name().equalsIgnoreCase(s) || t.label.equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw DammException.invalid("transport", "must be one of T0..T4, was '" + dev.damm.spi.Require.printable(s) + "'");
    }
}
