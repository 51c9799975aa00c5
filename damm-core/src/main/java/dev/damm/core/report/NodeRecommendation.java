package dev.damm.core.report;

import dev.damm.spi.Require;

/**
 * Where to add the next node and why.
 *
 * @param action {@code add_ingress}, {@code add_egress}, or {@code hold} when nothing asks for a node
 * @param target what to add, e.g. {@code ingress:hetzner@eu-central} or {@code region:eu-central}
 * @param reason the evidence, in one sentence
 * @param priority 0..100, higher is more urgent
 * @param source {@code permeability}, {@code diversity} or {@code none}: which section the advice comes from
 */
public record NodeRecommendation(String action, String target, String reason, int priority, String source) {
    public NodeRecommendation {
        Require.nonNull("action", action);
        Require.nonNull("target", target);
        Require.nonNull("reason", reason);
        Require.range("priority", priority, 0, 100);
        Require.nonNull("source", source);
    }
}
