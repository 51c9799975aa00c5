package dev.damm.core.permeability;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.io.IOException;

/** The artifact's private JSON mapper: ISO-8601 instants, region and country codes as strings, strict reading. */
final class PermeabilityJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(codes())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private PermeabilityJson() {}

    private static SimpleModule codes() {
        SimpleModule m = new SimpleModule("damm-codes");
        m.addSerializer(RegionCode.class, new JsonSerializer<>() {
            @Override
            public void serialize(RegionCode v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.value());
            }
        });
        m.addDeserializer(RegionCode.class, new JsonDeserializer<>() {
            @Override
            public RegionCode deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return RegionCode.of(p.getValueAsString());
            }
        });
        m.addSerializer(CountryCode.class, new JsonSerializer<>() {
            @Override
            public void serialize(CountryCode v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.value());
            }
        });
        m.addDeserializer(CountryCode.class, new JsonDeserializer<>() {
            @Override
            public CountryCode deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return CountryCode.of(p.getValueAsString());
            }
        });
        return m;
    }
}
