package dev.damm.spi.net;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address with a prefix length, v4 or v6: a tunnel address ({@code 10.44.0.10/32}),
 * an interface address ({@code 10.44.0.1/24}) or a network ({@code 0.0.0.0/0}).
 *
 * <p>Host bits may be set (as in WireGuard's {@code Address}); {@link #network()} clears them.
 */
public record IpNetwork(InetAddress address, int prefixLength) implements Comparable<IpNetwork> {

    public IpNetwork {
        Require.nonNull("address", address);
        Require.range("prefixLength", prefixLength, 0, address instanceof Inet4Address ? 32 : 128);
    }

    /** Parses {@code a.b.c.d/n}, {@code v6::/n}, or a bare address (taken as a host: /32 or /128). */
    public static IpNetwork parse(String text) {
        return parse("ipNetwork", text);
    }

    /** As {@link #parse(String)}, naming {@code field} in errors. */
    public static IpNetwork parse(String field, String text) {
        Require.text(field, text, 49);
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress a = IpLiterals.parse(field, addr);
        int max = a instanceof Inet4Address ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                throw DammException.invalid(field, "prefix length must be a number, was '" + Require.printable(p) + "'");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw DammException.invalid(field, "prefix length must be between 0 and " + max + ", was " + prefix);
            }
        }
        return new IpNetwork(a, prefix);
    }

    /** A single host address: /32 for v4, /128 for v6. */
    public static IpNetwork host(InetAddress address) {
        Require.nonNull("address", address);
        return new IpNetwork(address, address instanceof Inet4Address ? 32 : 128);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    public int addressBits() {
        return isIpv4() ? 32 : 128;
    }

    /** The same prefix with host bits cleared. */
    public IpNetwork network() {
        return new IpNetwork(fromBigInteger(toBigInteger(address).and(mask()), isIpv4()), prefixLength);
    }

    /** True when {@code other} lies inside this network; an address of the other family never does. */
    public boolean contains(InetAddress other) {
        Require.nonNull("address", other);
        if ((other instanceof Inet4Address) != isIpv4()) {
            return false;
        }
        return toBigInteger(other).and(mask()).equals(toBigInteger(address).and(mask()));
    }

    /** Number of addresses in the network, 2^(bits - prefix). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(addressBits() - prefixLength);
    }

    /** The address at {@code offset} from the network's first address. */
    public InetAddress addressAt(BigInteger offset) {
        Require.nonNull("offset", offset);
        if (offset.signum() < 0 || offset.compareTo(size()) >= 0) {
            throw DammException.invalid("offset", "must be between 0 and " + size().subtract(BigInteger.ONE) + " for " + this + ", was " + offset);
        }
        return fromBigInteger(toBigInteger(network().address).add(offset), isIpv4());
    }

    /** The offset of {@code a} from this network's first address. */
    public BigInteger offsetOf(InetAddress a) {
        if (!contains(a)) {
            throw DammException.invalid("address", IpLiterals.format(a) + " is outside " + this);
        }
        return toBigInteger(a).subtract(toBigInteger(network().address));
    }

    private BigInteger mask() {
        int bits = addressBits();
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE));
    }

    static BigInteger toBigInteger(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    static InetAddress fromBigInteger(BigInteger v, boolean v4) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[v4 ? 4 : 16];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses as IPv6; InetAddress's would unmap them.
            return v4 ? InetAddress.getByAddress(out) : Inet6Address.getByAddress(null, out, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte array is always a valid address", e);
        }
    }

    /** The address alone in canonical text form (RFC 5952 for v6). */
    public String addressText() {
        return IpLiterals.format(address);
    }

    @Override
    public int compareTo(IpNetwork o) {
        int c = Boolean.compare(!isIpv4(), !o.isIpv4());
        if (c != 0) return c;
        c = toBigInteger(address).compareTo(toBigInteger(o.address));
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }

    @Override
    public String toString() {
        return addressText() + "/" + prefixLength;
    }
}
