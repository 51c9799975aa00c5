/**
 * The operator pages, rendered on the server from an {@link dev.damm.core.report.OperatorReport}:
 * ranked tables first, then the vital signs over time as inline SVG; no script, nothing loaded
 * from elsewhere. Templates escape every printed value for HTML.
 */
package dev.damm.server.pages;
