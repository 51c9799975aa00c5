package dev.damm.spi.provider;

import dev.damm.spi.Require;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DAMM-side key that makes a create call safe to retry: the adapter stores it in the provider's
 * labels or tags under {@link #LABEL}, and a second create with the same key returns what the
 * first one made instead of paying for another.
 *
 * <p>1 to 63 letters, digits, '-', '_' and '.', starting and ending alphanumeric, so it is also a
 * valid label value at every provider DAMM supports.
 */
public record IdempotencyKey(String value) {
    /** The label key adapters store the idempotency key under. */
    public static final String LABEL = "damm.dev/idempotency-key";

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    public IdempotencyKey {
        Require.matches("idempotencyKey", value, SHAPE, 63,
                "1-63 letters, digits, '-', '_' or '.', starting and ending alphanumeric");
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    /** Reads the key an adapter stored in {@code labels}, if there is a valid one. */
    public static Optional<IdempotencyKey> fromLabels(Map<String, String> labels) {
        String v = labels.get(LABEL);
        return v != null && SHAPE.matcher(v).matches() ? Optional.of(new IdempotencyKey(v)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
