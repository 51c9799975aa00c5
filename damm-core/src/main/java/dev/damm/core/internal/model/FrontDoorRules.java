package dev.damm.core.internal.model;
import dev.damm.core.model.FrontDoor;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.AmneziaWgParameters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one rule set for a front door's priority and transport parameters. The domain model
 * ({@link FrontDoor}), the registration input, the catalog's wire entry and the device's config
 * renderer all check through here, so a door the control plane accepts is one the catalog can
 * publish and the device can render, and a door either refuses is refused by all.
 *
 * <p>{@code field} names the parameter map in error messages ({@code frontDoor.parameters} in the
 * model, {@code params} in the catalog); a failing key is reported as {@code field.key}.
 */
public final class FrontDoorRules {
    /** Highest priority; lower is tried first. */
    public static final int MAX_PRIORITY = 65535;
    /** Most parameters one front door may carry. */
    public static final int MAX_PARAMS = 32;
    /** Longest parameter value. */
    public static final int MAX_VALUE_LENGTH = 256;
    /** The AmneziaWG (T1) keys, all required for T1. */
    public static final List<String> AMNEZIA_KEYS = List.of("jc", "jmin", "jmax", "s1", "s2", "h1", "h2", "h3", "h4");

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    // No leading zeros: "007" and "7" would otherwise be two spellings of one value.
    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,9}");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private FrontDoorRules() {}

    /** Checks a priority: 0 to {@value #MAX_PRIORITY}. */
    public static int priority(String field, int priority) {
        return Require.range(field, priority, 0, MAX_PRIORITY);
    }

    /**
     * Checks parameter names and values, whatever the tier: at most {@value #MAX_PARAMS} entries,
     * lower-case names, printable values of at most {@value #MAX_VALUE_LENGTH} characters.
     *
     * @return a sorted copy
     */
    public static SortedMap<String, String> parameters(String field, Map<String, String> values) {
        Require.nonNull(field, values);
        if (values.size() > MAX_PARAMS) {
            throw DammException.invalid(field, "must have at most " + MAX_PARAMS + " entries, had " + values.size());
        }
        SortedMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String k = Require.matches(field, e.getKey(), KEY, 32, "a lower-case parameter name");
            copy.put(k, Require.text(field + "." + k, e.getValue(), MAX_VALUE_LENGTH));
        }
        return copy;
    }

    /** Checks that the parameters {@code tier} needs are present and well-formed. */
    public static void checkTier(String field, TransportTier tier, Map<String, String> params) {
        Require.nonNull("transport", tier);
        switch (tier) {
            case T1 -> amneziaWg(field, params);
            case T3 -> checkWss(field, params, false);
            case T4 -> checkWss(field, params, true);
            default -> {
                // T0 and T2 need nothing from the catalog; extra keys are the plug-in's business.
            }
        }
    }

    /**
     * Reads the AmneziaWG values of a T1 door: each a decimal number without leading zeros, then
     * the limits {@link AmneziaWgParameters} sets (padding that keeps handshakes within 1280
     * bytes, header values clear of WireGuard's own 1..4 and pairwise distinct).
     */
    public static AmneziaWgParameters amneziaWg(String field, Map<String, String> params) {
        long[] v = new long[AMNEZIA_KEYS.size()];
        for (int i = 0; i < v.length; i++) {
            // Ints for the first five; the range check keeps the narrowing below lossless.
            v[i] = number(field, params, AMNEZIA_KEYS.get(i), i < 5 ? Integer.MAX_VALUE : 0xFFFF_FFFFL);
        }
        try {
            return new AmneziaWgParameters((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], v[5], v[6], v[7], v[8]);
        } catch (DammException e) {
            // AmneziaWgParameters names the wg-quick key ("Jmax: ..."); report it under this field's name.
            String m = e.getMessage();
            int colon = m.indexOf(':');
            String key = colon < 0 ? "" : "." + m.substring(0, colon).toLowerCase(Locale.ROOT);
            String why = colon < 0 ? m : m.substring(colon + 1).strip();
            throw new DammException(e.errorCode(), field + key + ": " + why);
        }
    }

    private static void checkWss(String field, Map<String, String> params, boolean fronted) {
        String path = required(field, params, "path");
        if (!path.startsWith("/") || path.contains(" ")) {
            throw DammException.invalid(field + ".path", "must start with / and contain no spaces");
        }
        for (String k : List.of("sni", "host")) {
            String v = fronted ? required(field, params, k) : params.get(k);
            if (v != null && !HOST.matcher(v).matches()) {
                throw DammException.invalid(field + "." + k, "must be a lower-case host name, was '" + Require.printable(v) + "'");
            }
        }
    }

    private static String required(String field, Map<String, String> params, String key) {
        String v = params.get(key);
        if (v == null) {
            throw DammException.invalid(field + "." + key, "is required for this transport tier");
        }
        return v;
    }

    private static long number(String field, Map<String, String> params, String key, long max) {
        String v = required(field, params, key);
        if (!DIGITS.matcher(v).matches()) {
            throw DammException.invalid(field + "." + key, "must be a decimal number, was '" + Require.printable(v) + "'");
        }
        return Require.range(field + "." + key, Long.parseLong(v), 0, max);
    }
}
