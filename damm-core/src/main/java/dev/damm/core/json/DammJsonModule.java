package dev.damm.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpLiterals;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.wireguard.WireGuardPrivateKey;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * Jackson serialisers for DAMM's SPI values: each is written as one JSON string and read back
 * through its validating factory.
 *
 * <table>
 *   <caption>JSON forms</caption>
 *   <tr><td>{@link CountryCode}</td><td>{@code "DE"}</td></tr>
 *   <tr><td>{@link RegionCode}</td><td>{@code "eu-central"}</td></tr>
 *   <tr><td>{@link DnsName}</td><td>{@code "gw1.example.net"}</td></tr>
 *   <tr><td>{@link Endpoint}</td><td>{@code "host:port"}, {@code "[2001:db8::1]:51820"}</td></tr>
 *   <tr><td>{@link IpNetwork}</td><td>{@code "10.44.0.10/32"}</td></tr>
 *   <tr><td>{@link InetAddress}</td><td>{@code "10.44.0.1"}, {@code "fd00::1"}: literals only, never resolved</td></tr>
 *   <tr><td>{@link WireGuardKey}</td><td>44 characters of base64</td></tr>
 *   <tr><td>{@link TransportTier}</td><td>{@code "T0"}..{@code "T4"}</td></tr>
 * </table>
 *
 * <p>A {@link WireGuardPrivateKey} is neither written nor read: both fail with
 * {@link ErrorCode#PRIVATE_KEY_REFUSED}, so a secret cannot leave through an API response or a
 * log line rendered as JSON. Jackson's own {@code InetAddress} support is replaced because it
 * resolves host names.
 *
 * <p>A value that fails validation inside a document is reported as
 * {@link ErrorCode#INVALID_ARGUMENT} naming its JSON path, e.g.
 * {@code "frontDoor.endpoint.port: must be between 1 and 65535, was 0"}.
 */
final class DammJsonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public DammJsonModule() {
        super("damm", Version.unknownVersion());
        text(CountryCode.class, "countryCode", CountryCode::value, CountryCode::of);
        text(RegionCode.class, "region", RegionCode::value, RegionCode::of);
        text(DnsName.class, "dnsName", DnsName::value, DnsName::of);
        text(Endpoint.class, "endpoint", Endpoint::toString, Endpoint::parse);
        text(IpNetwork.class, "ipNetwork", IpNetwork::toString, IpNetwork::parse);
        text(InetAddress.class, "address", IpLiterals::format, s -> IpLiterals.parse("address", s));
        text(WireGuardKey.class, "publicKey", WireGuardKey::base64, WireGuardKey::parse);
        text(ProviderId.class, "providerId", ProviderId::value, ProviderId::of);
        text(TransportTier.class, "transport", TransportTier::name, TransportTier::parse);
        addSerializer(WireGuardPrivateKey.class, new RefusingSerializer());
        addDeserializer(WireGuardPrivateKey.class, new RefusingDeserializer());
    }

    private <T> void text(Class<T> type, String defaultField, Function<T, String> format, Function<String, T> parse) {
        addSerializer(type, new TextSerializer<>(type, format));
        addDeserializer(type, new TextDeserializer<>(type, defaultField, parse));
    }

    /** The JSON path of the value the parser is on, e.g. {@code peers[2].endpoint}; empty at the root. */
    static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String p = String.join("", parts);
        return p.startsWith(".") ? p.substring(1) : p;
    }

    private static final class TextSerializer<T> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient Function<T, String> format;

        TextSerializer(Class<T> type, Function<T, String> format) {
            super(type);
            this.format = format;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format.apply(value));
        }
    }

    private static final class TextDeserializer<T> extends StdScalarDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final String defaultField;
        private final transient Function<String, T> parse;

        TextDeserializer(Class<T> type, String defaultField, Function<String, T> parse) {
            super(type);
            this.defaultField = defaultField;
            this.parse = parse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            try {
                return parse.apply(p.getText());
            } catch (DammException e) {
                throw atPath(e, path(p.getParsingContext()));
            }
        }

        /**
         * Renames the value's own field ({@code countryCode}, {@code endpoint.port}) to where it
         * sits in the document ({@code exitCountry}, {@code frontDoor.endpoint.port}).
         */
        private DammException atPath(DammException e, String path) {
            String m = e.getMessage();
            if (path.isEmpty()) {
                return e;
            }
            if (m.startsWith(defaultField + ": ") || m.startsWith(defaultField + ".")) {
                return new DammException(e.errorCode(), path + m.substring(defaultField.length()), e);
            }
            return new DammException(e.errorCode(), path + ": " + m, e);
        }
    }

    private static final class RefusingSerializer extends StdSerializer<WireGuardPrivateKey> {
        private static final long serialVersionUID = 1L;

        RefusingSerializer() {
            super(WireGuardPrivateKey.class);
        }

        @Override
        public void serialize(WireGuardPrivateKey value, JsonGenerator gen, SerializerProvider provider) {
            String path = path(gen.getOutputContext());
            throw new DammException(ErrorCode.PRIVATE_KEY_REFUSED,
                    (path.isEmpty() ? "privateKey" : path) + ": a private key is never written as JSON");
        }
    }

    private static final class RefusingDeserializer extends StdScalarDeserializer<WireGuardPrivateKey> {
        private static final long serialVersionUID = 1L;

        RefusingDeserializer() {
            super(WireGuardPrivateKey.class);
        }

        @Override
        public WireGuardPrivateKey deserialize(JsonParser p, DeserializationContext ctxt) {
            String path = path(p.getParsingContext());
            throw new DammException(ErrorCode.PRIVATE_KEY_REFUSED,
                    (path.isEmpty() ? "privateKey" : path) + ": a private key is never read from JSON");
        }
    }
}
