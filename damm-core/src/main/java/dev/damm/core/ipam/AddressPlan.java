package dev.damm.core.ipam;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.IpNetwork;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The overlay's tunnel addressing: an IPv4 pool and an optional IPv6 pool, the gateway's own
 * address in each, where client addresses start, and how long a released address rests before
 * reuse.
 *
 * <p>The default is {@code 10.44.0.0/24}, gateway {@code .1}, clients from
 * {@code .10}. Addresses are overlay-wide (not per gateway), so a device keeps its address when
 * it fails over to another gateway of its region.
 *
 * @param firstClientOffset offset of the first client address from the network address
 * @param quarantine how long a revoked device's address stays unusable
 */
public record AddressPlan(IpNetwork v4Pool, Optional<IpNetwork> v6Pool, long gatewayOffset, long firstClientOffset, Duration quarantine) {

    public AddressPlan {
        Require.nonNull("addressPlan.v4Pool", v4Pool);
        if (!v4Pool.isIpv4()) {
            throw DammException.invalid("addressPlan.v4Pool", "must be an IPv4 network");
        }
        if (v4Pool.prefixLength() > 29 || v4Pool.prefixLength() < 8) {
            throw DammException.invalid("addressPlan.v4Pool", "prefix must be between /8 and /29, was /" + v4Pool.prefixLength());
        }
        v4Pool = v4Pool.network();
        Require.nonNull("addressPlan.v6Pool", v6Pool);
        if (v6Pool.isPresent()) {
            IpNetwork v6 = v6Pool.get();
            if (v6.isIpv4() || v6.prefixLength() > 120 || v6.prefixLength() < 48) {
                throw DammException.invalid("addressPlan.v6Pool", "must be an IPv6 network between /48 and /120");
            }
            v6Pool = Optional.of(v6.network());
        }
        long v4Size = v4Pool.size().longValueExact();
        Require.range("addressPlan.gatewayOffset", gatewayOffset, 1, v4Size - 2);
        Require.range("addressPlan.firstClientOffset", firstClientOffset, 1, v4Size - 2);
        if (gatewayOffset >= firstClientOffset) {
            throw DammException.invalid("addressPlan.firstClientOffset", "must come after the gateway's offset " + gatewayOffset);
        }
        Require.nonNull("addressPlan.quarantine", quarantine);
        if (quarantine.isNegative() || quarantine.compareTo(Duration.ofDays(365)) > 0) {
            throw DammException.invalid("addressPlan.quarantine", "must be between 0 and 365 days");
        }
    }

    /** The default plan: 10.44.0.0/24, gateway .1, clients from .10, one day of quarantine. */
    public static AddressPlan defaults() {
        return new AddressPlan(IpNetwork.parse("10.44.0.0/24"), Optional.empty(), 1, 10, Duration.ofDays(1));
    }

    /** The last usable client offset in the v4 pool (the broadcast address is excluded). */
    public long lastV4Offset() {
        return v4Pool.size().longValueExact() - 2;
    }

    /** The last usable client offset in the v6 pool, capped so offsets fit in a long. */
    public long lastV6Offset() {
        BigInteger size = v6Pool.orElseThrow().size();
        return size.subtract(BigInteger.ONE).min(BigInteger.valueOf(Long.MAX_VALUE - 1)).longValueExact();
    }

    /** The gateway's interface addresses, with the pools' prefix lengths (e.g. 10.44.0.1/24). */
    public java.util.List<IpNetwork> gatewayInterfaceAddresses() {
        java.util.List<IpNetwork> out = new java.util.ArrayList<>();
        out.add(new IpNetwork(v4Pool.addressAt(BigInteger.valueOf(gatewayOffset)), v4Pool.prefixLength()));
        v6Pool.ifPresent(p -> out.add(new IpNetwork(p.addressAt(BigInteger.valueOf(gatewayOffset)), p.prefixLength())));
        return out;
    }

    /** The v4 address at {@code offset} from the pool's network address. */
    public InetAddress v4At(long offset) {
        // Plain byte arithmetic: this runs for every enrollment (IpNetwork.addressAt is BigInteger-based).
        if (offset < 0 || offset > lastV4Offset() + 1) {
            throw dev.damm.spi.DammException.invalid("offset", offset + " is outside " + v4Pool);
        }
        byte[] b = v4Pool.address().getAddress();
        long v = (((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL)) + offset;
        return literal(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    /** The v6 address at {@code offset} from the pool's network address. */
    public InetAddress v6At(long offset) {
        IpNetwork pool = v6Pool.orElseThrow();
        if (offset < 0 || offset > lastV6Offset()) {
            throw dev.damm.spi.DammException.invalid("offset", offset + " is outside " + pool);
        }
        byte[] b = pool.address().getAddress();
        long carry = offset;
        for (int i = 15; i >= 0 && carry != 0; i--) {
            long sum = (b[i] & 0xffL) + (carry & 0xff);
            b[i] = (byte) sum;
            carry = (carry >>> 8) + (sum >>> 8);
        }
        return literal(b);
    }

    private static InetAddress literal(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    /** The lease pool key of the IPv4 client range: leases of one range never collide with another's. */
    public String v4PoolId() {
        return "v4:" + v4Pool;
    }

    /** The lease pool key of the IPv6 client range. */
    public String v6PoolId() {
        return "v6:" + v6Pool.orElseThrow();
    }
}
