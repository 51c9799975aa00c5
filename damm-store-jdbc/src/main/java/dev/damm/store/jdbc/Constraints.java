package dev.damm.store.jdbc;

import java.util.List;
import java.util.Map;

/**
 * The schema's unique constraints and the field each one protects, so that a violation the
 * repositories did not anticipate still surfaces as CONFLICT naming the field.
 */
final class Constraints {
    private Constraints() {}

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("devices_pk", "device.id: exists"),
            Map.entry("devices_public_key_uq", "device.publicKey: already enrolled"),
            Map.entry("devices_credential_hash_uq", "device.credentialHash: exists"),
            Map.entry("install_passes_pk", "installPass.id: exists"),
            Map.entry("install_passes_secret_hash_uq", "installPass.secretHash: exists"),
            Map.entry("gateways_pk", "gateway.id: exists"),
            Map.entry("gateways_token_hash_uq", "gateway.tokenHash: exists"),
            Map.entry("gateways_credential_hash_uq", "gateway.credentialHash: exists"),
            Map.entry("gateways_public_key_uq", "gateway.publicKey: registered by another gateway"),
            Map.entry("front_doors_pk", "frontDoor.id: belongs to another gateway"),
            Map.entry("egress_pools_pk", "egressPool.id: exists"),
            Map.entry("access_tiers_pk", "accessTier.id: exists"),
            Map.entry("address_leases_pk", "addressLease.offset: taken"),
            Map.entry("released_leases_pk", "addressLease.offset: released twice"),
            Map.entry("usage_reports_pk", "usageReport.id: already applied"),
            Map.entry("usage_counters_pk", "usageCounters: written concurrently"),
            Map.entry("audit_events_pk", "audit.sequence: exists"),
            Map.entry("publications_pk", "publication.serial: already recorded"),
            Map.entry("publication_heads_pk", "publication.serial: recorded concurrently"),
            Map.entry("published_keys_pk", "key.keyId: exists"),
            Map.entry("admin_tokens_pk", "adminToken.id: exists"),
            Map.entry("rate_limit_buckets_pk", "rateLimit.bucket: created concurrently"),
            Map.entry("admission_snapshots_pk", "snapshot.serial: recorded concurrently"),
            Map.entry("admission_steps_pk", "step.serial: already recorded"));

    /** Longest first, so that no name is matched inside a longer one. */
    static final List<String> UNIQUE_NAMES = FIELDS.keySet().stream()
            .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();

    /** The CONFLICT message for a violated constraint: field name first. */
    static String message(String constraint) {
        String m = FIELDS.get(constraint);
        return m != null ? m : "store: a unique rule was violated" + (constraint.isEmpty() ? "" : " (" + constraint + ")");
    }
}
