package dev.damm.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads an instant of a signed document from its one spelling, replacing jackson-datatype-jsr310's
 * reader (which also takes epoch numbers, offsets and lower-case {@code z}) in
 * {@link DammJson#signedDocuments()}.
 *
 * <p>The spelling is the one {@link DateTimeFormatter#ISO_INSTANT} writes and DAMM signs: UTC with
 * an upper-case {@code Z}, a four-digit year, seconds 00 to 59 (no leap second), and a fraction
 * only when non-zero, in groups of three digits without trailing zero groups, e.g.
 * {@code 2026-03-01T12:00:00Z} or {@code 2026-03-01T12:00:00.250Z}. Anything else is refused, so
 * two readers of one signed document cannot disagree on a time.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;
    private static final Pattern SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{3}|\\.[0-9]{6}|\\.[0-9]{9})?Z");
    static final String SPELLING = "must be a UTC instant spelt like 2026-03-01T12:00:00Z (four-digit year, upper-case Z, no offset, no leap second)";

    IsoInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
        String text = p.getText();
        Instant parsed = parseSigned(text);
        if (parsed == null) {
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, SPELLING);
        }
        return parsed;
    }

    /** Returns the instant {@code text} spells, or null unless it is the one accepted spelling. */
    static Instant parseSigned(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return null;
        }
        try {
            Instant parsed = Instant.parse(text);
            // Writing it back must give the same text: refuses 23:59:60 (read as 23:59:59),
            // 24:00:00, a zero fraction such as .000, and impossible dates such as 02-30.
            return DateTimeFormatter.ISO_INSTANT.format(parsed).equals(text) ? parsed : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
