package dev.damm.spi.wireguard;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * The AmneziaWG (T1) obfuscation parameters of an {@code [Interface]}: junk packets sent before
 * a handshake, padding prepended to handshake messages, and the four message-type header values
 * that replace WireGuard's.
 *
 * <p>Limits follow the AmneziaWG documentation (amneziawg-linux-kernel-module README,
 * "Configuration"), tightened where the documented bound would let a packet outgrow 1280 bytes,
 * the IPv6 minimum MTU that the documentation itself uses as the bound for junk packets:
 * <ul>
 *   <li>{@code Jc}, junk packets before each handshake: 1..128 (documented).</li>
 *   <li>{@code Jmin}, {@code Jmax}, junk packet size range in bytes: 0 &lt;= Jmin &lt;= Jmax &lt;= 1280.
 *       The README writes Jmin &lt; Jmax, but {@code awg genconf} itself draws Jmax from [Jmin, 1280],
 *       so equal bounds (fixed-size junk) are accepted.</li>
 *   <li>{@code S1}, padding before a handshake initiation (148 bytes): 0..1132, so that
 *       148 + S1 &lt;= 1280. The README only says S1 &lt; 1280.</li>
 *   <li>{@code S2}, padding before a handshake response (92 bytes): 0..1188, so that
 *       92 + S2 &lt;= 1280. The README only says S2 &lt; 1280.</li>
 *   <li>S1 + 56 != S2 (documented): otherwise a padded initiation and a padded response have the
 *       same length (148 + S1 = 92 + S2), and AmneziaWG tells those messages apart by length.</li>
 *   <li>{@code H1}..{@code H4}, the header values of initiation, response, cookie reply and
 *       transport messages: unsigned 32-bit, pairwise distinct, each at least 5. Values 1..4 are
 *       WireGuard's own message types, so using them would make the traffic look like plain
 *       WireGuard again, and equal values would make two message types indistinguishable.</li>
 * </ul>
 * Both ends of a tunnel must agree on every value except {@code Jc}. Newer AmneziaWG keys
 * ({@code S3}, {@code S4}, {@code I1}..{@code I5}, header ranges) are not modelled.
 *
 * <p>Error messages name the wg-quick keys ({@code Jc}, {@code Jmin}, ...), as they appear in
 * a configuration file.
 */
public record AmneziaWgParameters(int jc, int jmin, int jmax, int s1, int s2, long h1, long h2, long h3, long h4) {
    /** Largest junk packet, and the packet size the padding limits keep handshakes within. */
    public static final int MAX_PACKET = 1280;
    static final int INITIATION_SIZE = 148;
    static final int RESPONSE_SIZE = 92;
    static final long MAX_HEADER = 0xFFFF_FFFFL;

    public AmneziaWgParameters {
        Require.range("Jc", jc, 1, 128);
        Require.range("Jmin", jmin, 0, MAX_PACKET);
        Require.range("Jmax", jmax, 0, MAX_PACKET);
        if (jmin > jmax) {
            throw DammException.invalid("Jmax", "must be at least Jmin (" + jmin + "), was " + jmax);
        }
        Require.range("S1", s1, 0, MAX_PACKET - INITIATION_SIZE);
        Require.range("S2", s2, 0, MAX_PACKET - RESPONSE_SIZE);
        if (s1 + INITIATION_SIZE - RESPONSE_SIZE == s2) {
            throw DammException.invalid("S2", "must not equal S1 + 56 (" + s2
                    + "): padded initiations and responses would have the same length");
        }
        long[] h = {h1, h2, h3, h4};
        for (int i = 0; i < 4; i++) {
            Require.range("H" + (i + 1), h[i], 5, MAX_HEADER);
            for (int j = 0; j < i; j++) {
                if (h[i] == h[j]) {
                    throw DammException.invalid("H" + (i + 1), "must differ from H" + (j + 1) + ", both are " + h[i]);
                }
            }
        }
    }
}
