/**
 * The operator report as a value: paths by score with their breakdown, the loop's three vital
 * signs (now and over time), the weakest network zones, incidents by severity, regions where
 * provider diversity is thin, the next node to add and why, and measured transport tier costs.
 * Built from a {@link dev.damm.core.loop.ControlLoop} and a permeability artifact; written as JSON
 * with stable field names ({@link OperatorReport#toJson()}) or as plain text
 * ({@link OperatorReportText}).
 */
package dev.damm.core.report;
