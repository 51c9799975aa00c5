package dev.damm.spi.provider;

import dev.damm.spi.Require;
import java.util.List;
import java.util.Map;

/**
 * What every create-call spec shares: the caller's labels and the idempotency key that makes the
 * call safe to retry, with equality and a {@code toString()} that cover them.
 *
 * <p>A subclass validates its own fields and supplies them through {@link #ownValues()} and
 * {@link #describe()}. Instances are immutable and safe to share between threads.
 */
abstract class LabelledSpec {
    private final Map<String, String> labels;
    private final IdempotencyKey idempotencyKey;

    /** Checks the labels and key held by {@code b}; {@code kind} prefixes field names, e.g. {@code nodeSpec}. */
    LabelledSpec(String kind, LabelledSpecBuilder<?> b) {
        this.labels = Labels.copyOf(kind + ".labels", b.labels, false);
        this.idempotencyKey = Require.nonNull(kind + ".idempotencyKey", b.idempotencyKey);
    }

    /** The caller's labels; never contains keys under {@code damm.dev/}. */
    public Map<String, String> labels() {
        return labels;
    }

    public IdempotencyKey idempotencyKey() {
        return idempotencyKey;
    }

    /** The labels an adapter stores at the provider: {@link #labels()} plus the idempotency key. */
    public Map<String, String> providerLabels() {
        return Labels.withKey(labels, idempotencyKey);
    }

    /** The subclass's own field values, in declaration order; nulls allowed. */
    abstract List<Object> ownValues();

    /** The start of {@link #toString()}, e.g. {@code NodeSpec[INGRESS in eu-central}; labels and key follow. */
    abstract String describe();

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ownValues().equals(((LabelledSpec) o).ownValues())
                && labels.equals(((LabelledSpec) o).labels) && idempotencyKey.equals(((LabelledSpec) o).idempotencyKey);
    }

    /** The same value as {@code Objects.hash(ownValues..., labels, idempotencyKey)}. */
    @Override
    public final int hashCode() {
        return 31 * (31 * ownValues().hashCode() + labels.hashCode()) + idempotencyKey.hashCode();
    }

    @Override
    public final String toString() {
        return describe() + ", labels=" + labels + ", idempotencyKey=" + idempotencyKey + "]";
    }
}
