package dev.damm.core.catalog;

import dev.damm.core.internal.model.FrontDoorRules;
import dev.damm.spi.transport.TransportTier;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The transport settings a client needs to dial a front door, as string pairs: AmneziaWG's
 * {@code jc jmin jmax s1 s2 h1..h4} for T1, {@code path} (plus {@code sni} and {@code host}) for
 * WSS tiers, or anything a transport plug-in defines.
 *
 * <p>Keys are sorted, so the JSON form is stable. The names, values and each tier's needs are
 * checked by {@link FrontDoorRules}, the rule set the domain model and the device renderer share;
 * {@link FrontDoor} applies the tier's. Immutable and thread-safe.
 */
public final class TransportParams {
    /** Most parameters one front door may carry. */
    public static final int MAX_PARAMS = FrontDoorRules.MAX_PARAMS;
    /** Longest parameter value. */
    public static final int MAX_VALUE_LENGTH = FrontDoorRules.MAX_VALUE_LENGTH;

    static final List<String> AMNEZIA_KEYS = FrontDoorRules.AMNEZIA_KEYS;
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

    /** Wraps arbitrary parameters (copied); names and values are checked, not yet a tier's needs. */
    public static TransportParams of(Map<String, String> values) {
        SortedMap<String, String> copy = FrontDoorRules.parameters("params", values);
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
        FrontDoorRules.checkTier("params", tier, values);
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
