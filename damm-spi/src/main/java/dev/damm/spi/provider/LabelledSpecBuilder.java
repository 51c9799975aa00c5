package dev.damm.spi.provider;

import dev.damm.spi.Require;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The builder methods every {@link LabelledSpec} shares: labels and the idempotency key.
 * Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class LabelledSpecBuilder<B extends LabelledSpecBuilder<B>> {
    private final String kind;
    final Map<String, String> labels = new LinkedHashMap<>();
    IdempotencyKey idempotencyKey;

    /** {@code kind} prefixes field names in errors, e.g. {@code nodeSpec}. */
    LabelledSpecBuilder(String kind) {
        this.kind = kind;
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    public B label(String key, String value) {
        labels.put(key, value);
        return self();
    }

    /** Adds all of {@code labels} to those already set. */
    public B labels(Map<String, String> labels) {
        this.labels.putAll(Require.nonNull(kind + ".labels", labels));
        return self();
    }

    /** Sets the idempotency key; rejects a malformed one at once. */
    public B idempotencyKey(String key) {
        this.idempotencyKey = IdempotencyKey.of(key);
        return self();
    }
}
