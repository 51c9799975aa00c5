package dev.damm.core.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.json.DammJson;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts a {@link Catalog} to and from its JSON form (described by {@code docs/catalog.schema.json}).
 *
 * <p>Encoding is deterministic: fields in a fixed order, entries and front doors in the order
 * given, parameters sorted by key, no whitespace. Decoding is strict: unknown fields, duplicate
 * keys and out-of-range values are errors. There is no canonical form to reproduce: signatures
 * cover the exact bytes. Stateless and thread-safe.
 */
public final class CatalogCodec {
    private static final ObjectMapper MAPPER = DammJson.signedDocuments();

    private CatalogCodec() {}

    /** Returns the JSON form of {@code catalog}. */
    public static byte[] encode(Catalog catalog) {
        Require.nonNull("catalog", catalog);
        // ~230 bytes per front door is typical; sizing up front avoids repeated copying for big catalogs.
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + catalog.entries().size() * 1024);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("serial", catalog.serial());
            g.writeStringField("issuedAt", catalog.issuedAt().toString());
            g.writeStringField("freshUntil", catalog.freshUntil().toString());
            g.writeStringField("validUntil", catalog.validUntil().toString());
            g.writeObjectFieldStart("scope");
            g.writeStringField("region", catalog.scope().region().value());
            g.writeStringField("accessTier", catalog.scope().accessTier());
            g.writeEndObject();
            g.writeArrayFieldStart("entries");
            for (CatalogEntry e : catalog.entries()) {
                writeEntry(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "catalog: could not write JSON", e);
        }
        return out.toByteArray();
    }

    private static void writeEntry(JsonGenerator g, CatalogEntry e) throws IOException {
        g.writeStartObject();
        g.writeStringField("pathId", e.pathId());
        g.writeArrayFieldStart("composition");
        for (PathComponent c : e.composition()) {
            g.writeStartObject();
            g.writeStringField("role", c.role().code());
            g.writeStringField("provider", c.provider());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("score", e.score());
        g.writeStringField("gatewayKey", e.gatewayKey().base64());
        g.writeStringField("exitCountry", e.exitCountry().value());
        g.writeArrayFieldStart("frontDoors");
        for (FrontDoor f : e.frontDoors()) {
            g.writeStartObject();
            g.writeStringField("id", f.id());
            g.writeStringField("endpoint", f.endpoint().toString());
            g.writeStringField("transport", f.transport().name());
            if (!f.params().isEmpty()) {
                g.writeObjectFieldStart("params");
                for (Map.Entry<String, String> p : f.params().asMap().entrySet()) {
                    g.writeStringField(p.getKey(), p.getValue());
                }
                g.writeEndObject();
            }
            g.writeNumberField("priority", f.priority());
            g.writeStringField("state", f.state().code());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Parses the JSON form.
     *
     * @throws DammException with {@link ErrorCode#MALFORMED_INPUT}, naming the offending field
     */
    public static Catalog decode(byte[] json) {
        Require.nonNull("catalog", json);
        CatalogDto dto;
        try {
            dto = MAPPER.readValue(json, CatalogDto.class);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getClass().getSimpleName();
            throw new DammException(ErrorCode.MALFORMED_INPUT, "catalog: is not valid JSON of the expected shape (" + Require.printable(detail) + ")");
        }
        if (dto == null) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "catalog: must be a JSON object");
        }
        String at = "catalog";
        try {
            ScopeDto s = Require.nonNull("scope", dto.scope());
            CatalogScope scope = new CatalogScope(RegionCode.of(s.region()), s.accessTier());
            List<EntryDto> entries = Require.elements("entries", dto.entries(), Catalog.MAX_ENTRIES);
            List<CatalogEntry> out = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                at = "entries[" + i + "]";
                out.add(entry(entries.get(i)));
            }
            at = "catalog";
            return new Catalog(Require.nonNull("serial", dto.serial()), dto.issuedAt(), dto.freshUntil(), dto.validUntil(), scope, out);
        } catch (DammException e) {
            String message = at.equals("catalog") ? e.getMessage() : at + "." + e.getMessage().replaceFirst("^entry\\.", "");
            throw new DammException(ErrorCode.MALFORMED_INPUT, message);
        }
    }

    private static CatalogEntry entry(EntryDto e) {
        Require.nonNull("entry", e);
        List<PathComponent> composition = new ArrayList<>();
        for (ComponentDto c : Require.elements("entry.composition", e.composition(), CatalogEntry.MAX_COMPONENTS)) {
            composition.add(new PathComponent(ComponentRole.fromCode(c.role()), c.provider()));
        }
        List<FrontDoor> doors = new ArrayList<>();
        List<FrontDoorDto> fds = Require.elements("entry.frontDoors", e.frontDoors(), CatalogEntry.MAX_FRONT_DOORS);
        for (int i = 0; i < fds.size(); i++) {
            FrontDoorDto f = fds.get(i);
            try {
                doors.add(new FrontDoor(f.id(), Endpoint.parse(f.endpoint()), tier(f.transport()),
                        f.params() == null ? TransportParams.none() : TransportParams.of(f.params()),
                        Require.nonNull("frontDoor.priority", f.priority()), FrontDoorState.fromCode(f.state())));
            } catch (DammException x) {
                throw new DammException(x.errorCode(), "frontDoors[" + i + "]." + x.getMessage().replaceFirst("^frontDoor\\.", ""));
            }
        }
        return new CatalogEntry(e.pathId(), composition, Require.nonNull("entry.score", e.score()),
                WireGuardKey.parse("entry.gatewayKey", e.gatewayKey()), CountryCode.of(e.exitCountry()), doors);
    }

    private static TransportTier tier(String text) {
        for (TransportTier t : TransportTier.values()) {
            if (t.name().equals(text)) {
                return t;
            }
        }
        throw DammException.invalid("frontDoor.transport", "must be one of T0..T4, was '" + Require.printable(text) + "'");
    }

    record CatalogDto(Long serial, Instant issuedAt, Instant freshUntil, Instant validUntil, ScopeDto scope, List<EntryDto> entries) {}

    record ScopeDto(String region, String accessTier) {}

    record EntryDto(String pathId, List<ComponentDto> composition, Double score, String gatewayKey, String exitCountry,
                    List<FrontDoorDto> frontDoors) {}

    record ComponentDto(String role, String provider) {}

    record FrontDoorDto(String id, String endpoint, String transport, Map<String, String> params, Integer priority, String state) {}
}
