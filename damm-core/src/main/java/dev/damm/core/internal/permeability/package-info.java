/**
 * The permeability model: path observations per network zone become interference incidents,
 * permeability scores and placement recommendations for operators, published as a JSON
 * artifact. See {@code docs/permeability.md}.
 */
package dev.damm.core.internal.permeability;
