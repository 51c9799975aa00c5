package dev.damm.spi;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Validation helpers shared by DAMM's value types; each failure is a {@link DammException}
 * with {@link ErrorCode#INVALID_ARGUMENT} whose message starts with the field name.
 */
public final class Require {
    private Require() {}

    /** Returns {@code value} when it is non-null. */
    public static <T> T nonNull(String field, T value) {
        if (value == null) {
            throw DammException.invalid(field, "must not be null");
        }
        return value;
    }

    /** Returns {@code value} when it is non-blank and at most {@code maxLength} characters. */
    public static String text(String field, String value, int maxLength) {
        nonNull(field, value);
        if (value.isBlank()) {
            throw DammException.invalid(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw DammException.invalid(field, "must be at most " + maxLength + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw DammException.invalid(field, "must not contain control characters");
            }
        }
        return value;
    }

    /** Returns {@code value} when it is null, or non-blank and at most {@code maxLength} characters. */
    public static String optionalText(String field, String value, int maxLength) {
        return value == null ? null : text(field, value, maxLength);
    }

    /** Returns {@code value} when it fully matches {@code pattern}; {@code shape} describes it. */
    public static String matches(String field, String value, Pattern pattern, int maxLength, String shape) {
        text(field, value, maxLength);
        if (!pattern.matcher(value).matches()) {
            throw DammException.invalid(field, "must be " + shape + ", was '" + printable(value) + "'");
        }
        return value;
    }

    public static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw DammException.invalid(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static int range(String field, int value, int min, int max) {
        return (int) range(field, (long) value, min, max);
    }

    /** Returns {@code value} when it is finite and within [min, max]. */
    public static double range(String field, double value, double min, double max) {
        if (!Double.isFinite(value)) {
            throw DammException.invalid(field, "must be a finite number, was " + value);
        }
        if (value < min || value > max) {
            throw DammException.invalid(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static long nonNegative(String field, long value) {
        return range(field, value, 0, Long.MAX_VALUE);
    }

    /** Returns {@code values} when it is non-null, has no null element and at most {@code max} items. */
    public static <C extends Collection<?>> C elements(String field, C values, int max) {
        nonNull(field, values);
        if (values.size() > max) {
            throw DammException.invalid(field, "must have at most " + max + " items, had " + values.size());
        }
        for (Object o : values) {
            if (o == null) {
                throw DammException.invalid(field, "must not contain null");
            }
        }
        return values;
    }

    /** Shortens and escapes untrusted input before it is echoed in an error message. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && i < 64; i++) {
            char c = value.charAt(i);
            // Also C1 controls and line/paragraph separators: they forge log lines.
            sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (value.length() > 64) {
            sb.append("...");
        }
        return sb.toString();
    }
}
