package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates labels with the rules Kubernetes uses, which most provider tag systems accept.
 *
 * <p>A key is an optional DNS-subdomain prefix and a slash, then a name of at most 63 characters
 * made of letters, digits, '-', '_' and '.', starting and ending alphanumeric. A value is empty or
 * follows the name rule. Keys under {@code damm.dev/} are reserved for DAMM itself.
 */
final class Labels {
    static final int MAX_LABELS = 64;
    static final String RESERVED_PREFIX = "damm.dev/";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*");

    private Labels() {}

    /** Returns an immutable copy of {@code labels} after checking every key and value. */
    static Map<String, String> copyOf(String field, Map<String, String> labels, boolean allowReserved) {
        Require.nonNull(field, labels);
        if (labels.size() > MAX_LABELS) {
            throw DammException.invalid(field, "must have at most " + MAX_LABELS + " labels, had " + labels.size());
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            checkKey(field, e.getKey());
            if (!allowReserved && e.getKey().startsWith(RESERVED_PREFIX)) {
                throw DammException.invalid(field, "key '" + e.getKey() + "' uses the reserved prefix " + RESERVED_PREFIX);
            }
            checkValue(field + "[" + e.getKey() + "]", e.getValue());
        }
        return Map.copyOf(labels);
    }

    static void checkKey(String field, String key) {
        if (key == null) {
            throw DammException.invalid(field, "label keys must not be null");
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && !PREFIX.matcher(key.substring(0, slash)).matches()) {
            throw DammException.invalid(field, "label key prefix must be a lower-case DNS subdomain, was '" + Require.printable(key) + "'");
        }
        if (!NAME.matcher(name).matches()) {
            throw DammException.invalid(field, "label key must be 1-63 letters, digits, '-', '_' or '.', starting and ending"
                    + " alphanumeric, was '" + Require.printable(key) + "'");
        }
    }

    static void checkValue(String field, String value) {
        if (value == null) {
            throw DammException.invalid(field, "label value must not be null");
        }
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            throw DammException.invalid(field, "label value must be empty or 1-63 letters, digits, '-', '_' or '.', starting and"
                    + " ending alphanumeric, was '" + Require.printable(value) + "'");
        }
    }

    /** The labels an adapter stores at the provider: the caller's plus the idempotency key. */
    static Map<String, String> withKey(Map<String, String> labels, IdempotencyKey key) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(IdempotencyKey.LABEL, key.value());
        return Map.copyOf(all);
    }
}
