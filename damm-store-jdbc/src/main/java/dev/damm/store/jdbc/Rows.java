package dev.damm.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Converts between Java values and columns: instants, optional values and JSON text columns. */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, String>>> MAP_LIST = new TypeReference<>() {};

    private Rows() {}

    /** Binds an instant at microsecond precision (truncated), the resolution both databases keep. */
    static void instant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new DammException(ErrorCode.INTERNAL, "store: column " + column + " is unexpectedly null");
        }
        return t.toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }

    static Optional<String> optionalText(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /** A JSON array of the values' text forms. */
    static <T> String jsonList(Collection<T> values, Function<T, String> text) {
        List<String> out = new ArrayList<>(values.size());
        for (T v : values) {
            out.add(text.apply(v));
        }
        return write(out);
    }

    static <T> List<T> fromJsonList(String json, Function<String, T> parse) {
        List<String> raw = read(json, STRING_LIST);
        List<T> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            out.add(parse.apply(s));
        }
        return out;
    }

    static String jsonMap(Map<String, String> map) {
        return write(map);
    }

    static Map<String, String> fromJsonMap(String json) {
        return read(json, STRING_MAP);
    }

    static String jsonMaps(List<Map<String, String>> maps) {
        return write(maps);
    }

    static List<Map<String, String>> fromJsonMaps(String json) {
        return read(json, MAP_LIST);
    }

    static String networks(List<IpNetwork> networks) {
        return jsonList(networks, IpNetwork::toString);
    }

    static List<IpNetwork> networks(String json) {
        return fromJsonList(json, IpNetwork::parse);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new DammException(ErrorCode.INTERNAL, "store: cannot encode a column as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            // The message would quote stored content; keep only the location.
            throw new DammException(ErrorCode.INTERNAL, "store: a JSON column is corrupt at " + e.getLocation());
        }
    }
}
