package dev.damm.core.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.core.json.DammJson;
import dev.damm.core.model.FrontDoorState;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.provider.ProviderId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * Converts a {@link Catalog} to and from its JSON form (described by {@code docs/catalog.schema.json}).
 *
 * <p>Encoding is deterministic: fields in a fixed order, entries and front doors in the order
 * given, parameters sorted by key, defaults left out (priority 0, the active state, empty
 * parameters, a T4 door's {@code sni} when it is the host it dials), decimal parameter values as
 * JSON numbers, no whitespace. Decoding restores the defaults, so a catalog reads back equal. Decoding is strict: unknown fields, duplicate keys and out-of-range values are
 * errors naming the field. There is no canonical form to reproduce: signatures cover the exact
 * bytes. Stateless and thread-safe.
 */
public final class CatalogCodec {
    private static final ObjectMapper MAPPER = DammJson.signedDocuments();

    /**
     * Entries per piece when a big catalog is encoded on several threads. Fixed, so the pieces, and
     * therefore the bytes, never depend on how many threads there are.
     */
    static final int CHUNK_ENTRIES = 256;
    /** Longest parameter value written as a JSON number (4294967295, AmneziaWG's largest header value, has 10). */
    static final int MAX_NUMBER_DIGITS = 10;
    /** The TLS server name parameter; a fronted (T4) door leaves it out when it is the host it dials. */
    static final String SNI = "sni";

    // Field names, encoded once: the encoder writes tens of thousands of them per big catalog.
    private static final SerializableString SERIAL = new SerializedString("serial");
    private static final SerializableString ISSUED_AT = new SerializedString("issuedAt");
    private static final SerializableString FRESH_UNTIL = new SerializedString("freshUntil");
    private static final SerializableString VALID_UNTIL = new SerializedString("validUntil");
    private static final SerializableString SCOPE = new SerializedString("scope");
    private static final SerializableString REGION = new SerializedString("region");
    private static final SerializableString ACCESS_TIER = new SerializedString("accessTier");
    private static final SerializableString ENTRIES = new SerializedString("entries");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString SCORE = new SerializedString("score");
    private static final SerializableString EXIT = new SerializedString("exit");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString VIA = new SerializedString("via");
    private static final SerializableString DOORS = new SerializedString("doors");
    private static final SerializableString RECOVERY = new SerializedString("recovery");
    private static final SerializableString TIER = new SerializedString("tier");
    private static final SerializableString AT = new SerializedString("at");
    private static final SerializableString PRIO = new SerializedString("prio");
    private static final SerializableString STATE = new SerializedString("state");
    private static final SerializableString PARAMS = new SerializedString("params");
    private static final Map<String, SerializableString> PARAM_NAMES = paramNames();
    private static final SerializableString[] ROLES = new SerializableString[ComponentRole.values().length];
    private static final SerializableString[] TIERS = new SerializableString[TransportTier.values().length];

    static {
        for (ComponentRole r : ComponentRole.values()) {
            ROLES[r.ordinal()] = new SerializedString(r.code());
        }
        for (TransportTier t : TransportTier.values()) {
            TIERS[t.ordinal()] = new SerializedString(t.name());
        }

    }

    private CatalogCodec() {}

    private static Map<String, SerializableString> paramNames() {
        Map<String, SerializableString> names = new HashMap<>();
        for (String k : List.of("jc", "jmin", "jmax", "s1", "s2", "h1", "h2", "h3", "h4", "path", "sni", "host")) {
            names.put(k, new SerializedString(k));
        }
        return Map.copyOf(names);
    }

    /** Returns the JSON form of {@code catalog}, written on the calling thread. */
    public static byte[] encode(Catalog catalog) {
        Require.nonNull("catalog", catalog);
        List<CatalogEntry> entries = catalog.entries();
        // ~700 bytes per four-door entry is typical; sizing up front avoids repeated copying.
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + entries.size() * 768);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            writeHead(g, catalog);
            for (CatalogEntry e : entries) {
                writeEntry(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw writeFailed(e);
        }
        return out.toByteArray();
    }

    /**
     * Returns the same bytes as {@link #encode(Catalog)}, encoding pieces of {@value #CHUNK_ENTRIES}
     * entries on {@code workers} and joining them in order.
     */
    static byte[] encode(Catalog catalog, Workers workers) {
        return encode(catalog, workers, length -> 0).bytes();
    }

    /**
     * The JSON form written {@code headroom} bytes into a new array, so a caller can put its own
     * header in front (DSSE's pre-authentication encoding) without copying the payload again.
     */
    record Encoded(byte[] bytes, int offset, int length) {}

    /**
     * Encodes into a new array of {@code headroom.applyAsInt(length)} + length bytes, the JSON at
     * the end; entries are encoded in pieces on {@code workers} when there are enough of them.
     */
    static Encoded encode(Catalog catalog, Workers workers, IntUnaryOperator headroom) {
        Require.nonNull("catalog", catalog);
        List<CatalogEntry> entries = catalog.entries();
        int n = entries.size();
        int chunks = (n + CHUNK_ENTRIES - 1) / CHUNK_ENTRIES;
        // The frame is the document with an empty entries array: head "...,"entries":[" and tail "]}".
        ByteArrayOutputStream frame = new ByteArrayOutputStream(512);
        int headLength;
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(frame)) {
            writeHead(g, catalog);
            g.flush();
            headLength = frame.size();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw writeFailed(e);
        }
        byte[] framed = frame.toByteArray();
        // Each piece is written as a JSON array "[e1,e2,...]"; its inside is spliced between commas.
        Piece[] pieces = new Piece[chunks];
        workers.run(chunks, i -> pieces[i] = encodePiece(entries, i * CHUNK_ENTRIES, Math.min(n, (i + 1) * CHUNK_ENTRIES)));
        long length = framed.length + Math.max(0, chunks - 1);
        for (Piece p : pieces) {
            length += p.size() - 2;
        }
        if (length > Integer.MAX_VALUE - 1024) {
            throw DammException.invalid("catalog", "is too big to encode (" + length + " bytes)");
        }
        int offset = headroom.applyAsInt((int) length);
        byte[] out = new byte[offset + (int) length];
        int[] starts = new int[chunks];
        int p = offset;
        System.arraycopy(framed, 0, out, p, headLength);
        p += headLength;
        for (int i = 0; i < chunks; i++) {
            if (i > 0) {
                out[p++] = ',';
            }
            starts[i] = p;
            p += pieces[i].size() - 2;
        }
        System.arraycopy(framed, headLength, out, p, framed.length - headLength);
        // Copying is memory-bound work too: let the workers place their own pieces.
        workers.run(chunks, i -> pieces[i].copyInsideTo(out, starts[i]));
        return new Encoded(out, offset, (int) length);
    }

    private static Piece encodePiece(List<CatalogEntry> entries, int from, int to) {
        Piece out = new Piece((to - from) * 768 + 16);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (int i = from; i < to; i++) {
                writeEntry(g, entries.get(i));
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw writeFailed(e);
        }
        return out;
    }

    /** A piece's bytes, kept in the stream's own buffer rather than copied out once more. */
    private static final class Piece extends ByteArrayOutputStream {
        Piece(int size) {
            super(size);
        }

        /** Copies the piece's inside (without its brackets) to {@code target} at {@code at}. */
        void copyInsideTo(byte[] target, int at) {
            System.arraycopy(buf, 1, target, at, count - 2);
        }
    }

    /**
     * Writes a string that needs no JSON escaping without checking each character: ids, provider
     * ids, country codes, base64 keys and endpoints are validated to printable ASCII without
     * quotes or backslashes when their values are made. Most of a big catalog's strings are these.
     */
    private static void writeSafe(JsonGenerator g, String asciiWithoutEscapes) throws IOException {
        byte[] bytes = asciiWithoutEscapes.getBytes(StandardCharsets.ISO_8859_1);
        g.writeRawUTF8String(bytes, 0, bytes.length);
    }

    /**
     * Whether a parameter value is written as a JSON number: a decimal of 1 to 10 digits without a
     * leading zero, which reads back as the same text (AmneziaWG's values are all such numbers).
     */
    static boolean isWholeNumber(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_NUMBER_DIGITS || (value.charAt(0) == '0' && n > 1)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static DammException writeFailed(IOException e) {
        return new DammException(ErrorCode.INTERNAL, "catalog: could not write JSON", e);
    }

    /** Writes everything up to and including the opening bracket of {@code entries}. */
    private static void writeHead(JsonGenerator g, Catalog catalog) throws IOException {
        g.writeStartObject();
        g.writeFieldName(SERIAL);
        g.writeNumber(catalog.serial());
        g.writeFieldName(ISSUED_AT);
        g.writeString(catalog.issuedAt().toString());
        g.writeFieldName(FRESH_UNTIL);
        g.writeString(catalog.freshUntil().toString());
        g.writeFieldName(VALID_UNTIL);
        g.writeString(catalog.validUntil().toString());
        g.writeFieldName(SCOPE);
        g.writeStartObject();
        g.writeFieldName(REGION);
        g.writeString(catalog.scope().region().value());
        g.writeFieldName(ACCESS_TIER);
        g.writeString(catalog.scope().accessTier());
        g.writeEndObject();
        g.writeFieldName(ENTRIES);
        g.writeStartArray();
    }

    private static void writeEntry(JsonGenerator g, CatalogEntry e) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ID);
        writeSafe(g, e.pathId());
        g.writeFieldName(SCORE);
        g.writeNumber(e.score());
        g.writeFieldName(EXIT);
        writeSafe(g, e.exitCountry().value());
        g.writeFieldName(KEY);
        writeSafe(g, e.gatewayKey().base64());
        g.writeFieldName(VIA);
        g.writeStartObject();
        for (PathComponent c : e.composition()) {
            g.writeFieldName(ROLES[c.role().ordinal()]);
            writeSafe(g, c.provider().value());
        }
        g.writeEndObject();
        if (e.recoveryFrom().isPresent()) {
            g.writeFieldName(RECOVERY);
            g.writeString(e.recoveryFrom().get().value());
        }
        g.writeFieldName(DOORS);
        g.writeStartArray();
        for (FrontDoor f : e.frontDoors()) {
            g.writeStartObject();
            g.writeFieldName(ID);
            writeSafe(g, f.id());
            g.writeFieldName(TIER);
            g.writeString(TIERS[f.transport().ordinal()]);
            g.writeFieldName(AT);
            writeSafe(g, f.endpoint().toString());
            if (f.priority() != 0) {
                g.writeFieldName(PRIO);
                g.writeNumber(f.priority());
            }
            if (f.state() != FrontDoorState.ACTIVE) {
                g.writeFieldName(STATE);
                g.writeString(f.state().code());
            }
            if (!f.params().isEmpty()) {
                g.writeFieldName(PARAMS);
                g.writeStartObject();
                String[] keys = f.params().sortedKeys;
                String[] values = f.params().sortedValues;
                boolean fronted = f.transport() == TransportTier.T4;
                boolean amnezia = f.transport() == TransportTier.T1 && keys.length == TransportParams.AMNEZIA_KEYS.size();
                for (int i = 0; i < keys.length; i++) {
                    if (fronted && keys[i].equals(SNI) && values[i].equals(f.endpoint().host())) {
                        continue; // the default: a fronted door's TLS name is the edge it dials
                    }
                    SerializableString known = PARAM_NAMES.get(keys[i]);
                    if (known != null) {
                        g.writeFieldName(known);
                    } else {
                        g.writeFieldName(keys[i]);
                    }
                    // A T1 door's values are all checked canonical decimals (TransportParams.check).
                    if (amnezia || isWholeNumber(values[i])) {
                        g.writeNumber(values[i]);
                    } else {
                        g.writeString(values[i]);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Parses the JSON form.
     *
     * @throws DammException with {@link ErrorCode#MALFORMED_INPUT}, naming the offending field
     *     (e.g. {@code entries[3].doors[1].params.jc: is required for this transport tier})
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
        try {
            ScopeDto s = Require.nonNull("scope", dto.scope());
            CatalogScope scope = new CatalogScope(RegionCode.of(s.region()), s.accessTier());
            List<EntryDto> entries = Require.elements("entries", dto.entries(), Catalog.MAX_ENTRIES);
            List<CatalogEntry> out = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                try {
                    out.add(entry(entries.get(i)));
                } catch (DammException e) {
                    throw new DammException(ErrorCode.MALFORMED_INPUT, "entries[" + i + "]." + e.getMessage());
                }
            }
            return new Catalog(Require.nonNull("serial", dto.serial()), dto.issuedAt(), dto.freshUntil(), dto.validUntil(), scope, out);
        } catch (DammException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, e.getMessage());
        }
    }

    /** Builds one entry, with errors naming the JSON field relative to the entry. */
    private static CatalogEntry entry(EntryDto e) {
        Map<String, String> via = Require.nonNull("via", e.via());
        List<PathComponent> composition = new ArrayList<>(via.size());
        for (Map.Entry<String, String> c : via.entrySet()) {
            ComponentRole role = role(c.getKey());
            composition.add(named(() -> new PathComponent(role, ProviderId.of(c.getValue())), "providerId", "via." + role.code()));
        }
        List<DoorDto> ds = Require.elements("doors", e.doors(), CatalogEntry.MAX_FRONT_DOORS);
        List<FrontDoor> doors = new ArrayList<>(ds.size());
        for (int i = 0; i < ds.size(); i++) {
            DoorDto f = ds.get(i);
            doors.add(named(() -> door(f), "frontDoor.", "doors[" + i + "]."));
        }
        WireGuardKey key = WireGuardKey.parse("key", e.key());
        String exitCode = Require.nonNull("exit", e.exit());
        CountryCode exit = named(() -> CountryCode.of(exitCode), "countryCode", "exit");
        Optional<RegionCode> recovery = e.recovery() == null ? Optional.empty()
                : Optional.of(named(() -> RegionCode.of(e.recovery()), "region", "recovery"));
        return named(() -> new CatalogEntry(e.id(), composition, Require.nonNull("score", e.score()), key, exit, doors, recovery),
                "entry.", "");
    }

    private static FrontDoor door(DoorDto f) {
        Endpoint endpoint = Endpoint.parse("frontDoor.at", f.at());
        FrontDoorState state = f.state() == null ? FrontDoorState.ACTIVE : FrontDoorState.fromCode(f.state());
        TransportTier tier = tier(f.tier());
        TransportParams params = TransportParams.none();
        if (f.params() != null) {
            Map<String, String> values = params(f.params());
            if (tier == TransportTier.T4) {
                values.putIfAbsent(SNI, endpoint.host());
            }
            params = TransportParams.of(values);
        }
        return new FrontDoor(f.id(), endpoint, tier, params, f.prio() == null ? 0 : f.prio(), state);
    }

    /** Reads parameter values: strings as they are, whole numbers (what the encoder writes for decimals) as their decimal text. */
    private static Map<String, String> params(Map<String, Object> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            String text;
            if (v instanceof String s) {
                text = s;
            } else if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0) {
                text = v.toString();
                if (text.length() > MAX_NUMBER_DIGITS) {
                    throw DammException.invalid("params." + Require.printable(e.getKey()), "must have at most " + MAX_NUMBER_DIGITS + " digits");
                }
            } else {
                throw DammException.invalid("params." + Require.printable(e.getKey()), "must be a string or a whole number of at most "
                        + MAX_NUMBER_DIGITS + " digits");
            }
            out.put(e.getKey(), text);
        }
        return out;
    }

    private static ComponentRole role(String code) {
        for (ComponentRole r : ComponentRole.values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        throw DammException.invalid("via", "keys must be cdn-front, ingress or egress, was '" + Require.printable(code) + "'");
    }

    private static TransportTier tier(String text) {
        for (TransportTier t : TransportTier.values()) {
            if (t.name().equals(text)) {
                return t;
            }
        }
        throw DammException.invalid("frontDoor.tier", "must be one of T0..T4, was '" + Require.printable(text) + "'");
    }

    /**
     * Runs {@code make}; a validation message is re-worded to start with {@code prefix} instead of
     * {@code strip}, with Java field names turned into JSON ones. The value records name their Java
     * fields ({@code frontDoor.priority}); a reader of a catalog needs the JSON path ({@code doors[1].prio}).
     */
    private static <T> T named(Supplier<T> make, String strip, String prefix) {
        try {
            return make.get();
        } catch (DammException e) {
            String m = e.getMessage();
            m = m.startsWith(strip) ? m.substring(strip.length()) : m;
            throw new DammException(e.errorCode(), prefix + jsonName(m));
        }
    }

    /** Maps the Java field names the value records use in messages to the catalog's JSON names. */
    private static String jsonName(String message) {
        for (String[] n : JSON_NAMES) {
            if (message.startsWith(n[0])) {
                return n[1] + message.substring(n[0].length());
            }
        }
        return message;
    }

    private static final String[][] JSON_NAMES = {
        {"pathId", "id"}, {"composition", "via"}, {"gatewayKey", "key"}, {"exitCountry", "exit"}, {"frontDoors", "doors"},
        {"recoveryFrom", "recovery"},
        {"endpoint", "at"}, {"transport", "tier"}, {"priority", "prio"},
    };

    record CatalogDto(Long serial, Instant issuedAt, Instant freshUntil, Instant validUntil, ScopeDto scope, List<EntryDto> entries) {}

    record ScopeDto(String region, String accessTier) {}

    record EntryDto(String id, Double score, String exit, String key, Map<String, String> via, String recovery, List<DoorDto> doors) {}

    record DoorDto(String id, String tier, String at, Integer prio, String state, Map<String, Object> params) {}
}
