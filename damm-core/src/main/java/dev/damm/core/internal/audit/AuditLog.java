package dev.damm.core.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.Device;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.Gateway;
import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.StoreTransaction;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes audit events for admin and lifecycle actions inside the caller's transaction, so an
 * action and its audit record commit or roll back together.
 *
 * <p>Snapshots hold public facts only: keys' public halves, states, addresses; never hashes of
 * credentials, tokens or anything secret.
 */
public final class AuditLog {
    // Snapshots are LinkedHashMaps built in a fixed order, so their JSON is deterministic as is.
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLog() {}

    public static void record(StoreTransaction tx, Instant at, String actor, String action, String target, Object before, Object after) {
        tx.audit().append(event(at, actor, action, target, before, after));
    }

    /** The event {@link #record} would append, for a write that appends it itself ({@code DammStore.enroll}). */
    public static AuditEvent event(Instant at, String actor, String action, String target, Object before, Object after) {
        return AuditEvent.of(at, actor, action, target, toJson(before), toJson(after));
    }

    private static String toJson(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new DammException(ErrorCode.INTERNAL, "audit: cannot serialise snapshot", e);
        }
    }

    public static Map<String, Object> snapshot(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().value());
        m.put("name", d.name());
        m.put("publicKey", d.publicKey().base64());
        m.put("tunnelAddresses", d.tunnelAddresses().stream().map(Object::toString).toList());
        m.put("gatewayId", d.gatewayId().value());
        m.put("frontDoorId", d.frontDoorId().value());
        m.put("egressPoolId", d.egressPoolId().value());
        d.quarantineEgressPoolId().ifPresent(q -> m.put("quarantineEgressPoolId", q.value()));
        m.put("tierId", d.tierId().value());
        m.put("region", d.region().value());
        m.put("exitCountry", d.exitCountry().value());
        m.put("state", d.state().name());
        d.suspension().ifPresent(s -> m.put("suspension", s.name()));
        m.put("rxBytes", d.rxBytes());
        m.put("txBytes", d.txBytes());
        return m;
    }

    public static Map<String, Object> snapshot(Gateway g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id().value());
        m.put("region", g.region().value());
        m.put("providerId", g.providerId().value());
        m.put("status", g.status().name());
        g.publicKey().ifPresent(k -> m.put("publicKey", k.base64()));
        m.put("frontDoors", g.frontDoors().stream().map(AuditLog::snapshot).toList());
        return m;
    }

    public static Map<String, Object> snapshot(FrontDoor f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id().value());
        m.put("endpoint", f.endpoint().toString());
        m.put("transport", f.transport().name());
        m.put("priority", f.priority());
        m.put("state", f.state().name());
        return m;
    }

    public static Map<String, Object> snapshot(AccessTier t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id().value());
        m.put("name", t.name());
        m.put("allowedRegions", t.allowedRegions().stream().map(Object::toString).toList());
        m.put("allowedExitCountries", t.allowedExitCountries().stream().map(Object::toString).toList());
        m.put("sessionLimit", t.sessionLimit());
        m.put("byteLimit", t.byteLimit());
        m.put("active", t.active());
        m.put("substitution", t.substitution().name());
        return m;
    }
}
