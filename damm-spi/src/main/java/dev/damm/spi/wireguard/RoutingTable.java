package dev.damm.spi.wireguard;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.OptionalLong;

/**
 * The value of wg-quick's {@code Table} key: {@code off} (add no routes), {@code auto} (the
 * default table, with wg-quick's special handling of default routes) or a numeric routing
 * table id in 1..4294967295.
 *
 * <p>Table names from {@code /etc/iproute2/rt_tables} are not accepted: they only mean
 * something on the machine that defines them. wg-quick compares {@code off} and {@code auto}
 * case-sensitively, so they are accepted in lower case only.
 */
public record RoutingTable(String value) {
    /** No routes are added. */
    public static final RoutingTable OFF = new RoutingTable("off");
    /** Routes go to the default table; wg-quick's default. */
    public static final RoutingTable AUTO = new RoutingTable("auto");

    public RoutingTable {
        value = normalize("table", value);
    }

    /** A numeric routing table id in 1..4294967295. */
    public static RoutingTable id(long id) {
        Require.range("table", id, 1, 0xFFFF_FFFFL);
        return new RoutingTable(Long.toString(id));
    }

    /** Parses {@code off}, {@code auto} or a table id, naming {@code field} in errors. */
    public static RoutingTable parse(String field, String text) {
        return new RoutingTable(normalize(field, text));
    }

    private static String normalize(String field, String text) {
        Require.text(field, text, 16);
        String s = text.strip();
        if (s.equals("off") || s.equals("auto")) {
            return s;
        }
        if (!s.matches("\\d{1,10}")) {
            throw DammException.invalid(field, "must be off, auto or a routing table number, was '" + Require.printable(s) + "'");
        }
        return Long.toString(Require.range(field, Long.parseLong(s), 1, 0xFFFF_FFFFL));
    }

    public boolean isOff() {
        return value.equals("off");
    }

    public boolean isAuto() {
        return value.equals("auto");
    }

    /** The numeric table id, when this is neither {@code off} nor {@code auto}. */
    public OptionalLong id() {
        return isOff() || isAuto() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    @Override
    public String toString() {
        return value;
    }
}
