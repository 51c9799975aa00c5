/**
 * The threat-blind score model: every path (gateway × front door × egress pool) gets one scalar
 * in [0, 1] from recency-decayed observations, without naming why a path is bad.
 *
 * <p>{@link dev.damm.core.score.ScoreBook} ingests {@link dev.damm.core.score.Observation}s,
 * scores paths and their aggregates, and moves front doors, gateways and egress pools in and out
 * of service with hysteresis; placement reads it through {@link dev.damm.core.score.ScoreSource}.
 * See {@code docs/score-model.md}.
 */
package dev.damm.core.score;
