package dev.damm.core.catalog;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.transport.TransportTier;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The transport settings a client needs to dial a front door, as string pairs: AmneziaWG's
 * {@code jc jmin jmax s1 s2 h1..h4} for T1, {@code path} (plus {@code sni} and {@code host}) for
 * WSS tiers, or anything a transport plug-in defines.
 *
 * <p>Keys are sorted, so the JSON form is stable. {@link FrontDoor} checks that the keys its tier
 * needs are present and well-formed. Immutable and thread-safe.
 */
public final class TransportParams {
    /** Most parameters one front door may carry. */
    public static final int MAX_PARAMS = 32;
    /** Longest parameter value. */
    public static final int MAX_VALUE_LENGTH = 256;

    static final List<String> AMNEZIA_KEYS = List.of("jc", "jmin", "jmax", "s1", "s2", "h1", "h2", "h3", "h4");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,9}");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final TransportParams NONE = new TransportParams(new TreeMap<>());

    private final SortedMap<String, String> values;
    // The same pairs as arrays, sorted by key: a big catalog's encoder walks tens of thousands of
    // these, and arrays are much cheaper to walk than a tree map.
    final String[] sortedKeys;
    final String[] sortedValues;

    private TransportParams(SortedMap<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(values);
        this.sortedKeys = values.keySet().toArray(new String[0]);
        this.sortedValues = values.values().toArray(new String[0]);
    }

    /** No parameters (T0 and T2 front doors usually need none). */
    public static TransportParams none() {
        return NONE;
    }

    /** Wraps arbitrary parameters (copied). */
    public static TransportParams of(Map<String, String> values) {
        Require.nonNull("params", values);
        if (values.size() > MAX_PARAMS) {
            throw DammException.invalid("params", "must have at most " + MAX_PARAMS + " entries, had " + values.size());
        }
        SortedMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String k = Require.matches("params", e.getKey(), KEY, 32, "a lower-case parameter name");
            copy.put(k, Require.text("params." + k, e.getValue(), MAX_VALUE_LENGTH));
        }
        return copy.isEmpty() ? NONE : new TransportParams(copy);
    }

    /** AmneziaWG (T1) junk, padding and header values. */
    public static TransportParams amneziaWg(int jc, int jmin, int jmax, int s1, int s2, long h1, long h2, long h3, long h4) {
        Map<String, String> m = new TreeMap<>();
        m.put("jc", Integer.toString(jc));
        m.put("jmin", Integer.toString(jmin));
        m.put("jmax", Integer.toString(jmax));
        m.put("s1", Integer.toString(s1));
        m.put("s2", Integer.toString(s2));
        m.put("h1", Long.toString(h1));
        m.put("h2", Long.toString(h2));
        m.put("h3", Long.toString(h3));
        m.put("h4", Long.toString(h4));
        TransportParams p = of(m);
        p.check(TransportTier.T1);
        return p;
    }

    /**
     * WebSocket (T3, T4) settings: the URL path, and for fronting the TLS server name and the
     * HTTP Host, either of which may be null for T3.
     */
    public static TransportParams wss(String path, String sni, String host) {
        Map<String, String> m = new TreeMap<>();
        m.put("path", path);
        if (sni != null) {
            m.put("sni", sni);
        }
        if (host != null) {
            m.put("host", host);
        }
        TransportParams p = of(m);
        p.check(TransportTier.T3);
        return p;
    }

    /** Returns the value of {@code key}, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Returns all parameters, sorted by key. */
    public SortedMap<String, String> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Checks that the parameters {@code tier} needs are present and well-formed. */
    void check(TransportTier tier) {
        switch (tier) {
            case T1 -> checkAmnezia();
            case T3 -> checkWss(false);
            case T4 -> checkWss(true);
            default -> {
                // T0 and T2 need nothing from the catalog; extra keys are the plug-in's business.
            }
        }
    }

    private void checkAmnezia() {
        number("jc", 1, 128);
        long jmin = number("jmin", 0, 1280);
        number("jmax", jmin, 1280);
        number("s1", 0, 1280);
        number("s2", 0, 1280);
        Set<Long> headers = new HashSet<>();
        for (String h : List.of("h1", "h2", "h3", "h4")) {
            if (!headers.add(number(h, 1, 0xFFFF_FFFFL))) {
                throw DammException.invalid("params." + h, "must differ from the other header values");
            }
        }
        // The same rules the device's config renderer applies (padding that fits 1280 bytes,
        // header values clear of WireGuard's own 1..4), so a published door is always renderable.
        try {
            new dev.damm.spi.wireguard.AmneziaWgParameters((int) number("jc", 1, 128), (int) number("jmin", 0, 1280),
                    (int) number("jmax", 0, 1280), (int) number("s1", 0, 1280), (int) number("s2", 0, 1280),
                    number("h1", 1, 0xFFFF_FFFFL), number("h2", 1, 0xFFFF_FFFFL), number("h3", 1, 0xFFFF_FFFFL), number("h4", 1, 0xFFFF_FFFFL));
        } catch (DammException e) {
            throw DammException.invalid("params." + e.getMessage().split(":", 2)[0].toLowerCase(java.util.Locale.ROOT),
                    e.getMessage().contains(":") ? e.getMessage().split(":", 2)[1].strip() : e.getMessage());
        }
    }

    private void checkWss(boolean fronted) {
        String path = required("path");
        if (!path.startsWith("/") || path.contains(" ")) {
            throw DammException.invalid("params.path", "must start with / and contain no spaces");
        }
        for (String k : List.of("sni", "host")) {
            String v = fronted ? required(k) : values.get(k);
            if (v != null && !HOST.matcher(v).matches()) {
                throw DammException.invalid("params." + k, "must be a lower-case host name, was '" + Require.printable(v) + "'");
            }
        }
    }

    private String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw DammException.invalid("params." + key, "is required for this transport tier");
        }
        return v;
    }

    private long number(String key, long min, long max) {
        String v = required(key);
        if (!DIGITS.matcher(v).matches()) {
            throw DammException.invalid("params." + key, "must be a decimal number, was '" + Require.printable(v) + "'");
        }
        return Require.range("params." + key, Long.parseLong(v), min, max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportParams p && values.equals(p.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
