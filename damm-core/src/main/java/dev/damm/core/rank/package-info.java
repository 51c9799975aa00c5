/**
 * Ranking: orders scored paths into per-scope top-K lists for the catalog, with a maximum share
 * per provider and per transport tier so a catalog is never all one provider.
 */
package dev.damm.core.rank;
