package dev.damm.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.architecture.apifixture.Greeter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shows the listing and its comparison on fixture classes, including a comparison that fails. */
class ApiListingFixtureTest {

    private static List<Class<?>> fixture() {
        return ApiListing.classesBeside(Greeter.class).stream()
                .filter(c -> c.getPackageName().equals(Greeter.class.getPackageName())).toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ApiListingFixtureTest.class.getResourceAsStream("/apifixture/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theListingHasPublicAndProtectedSignaturesAndNothingElse() throws IOException {
        String listing = ApiListing.of(fixture());

        assertEquals(resource("greeter.api"), listing);
        assertFalse(listing.contains("NotExported"), listing);
        assertFalse(listing.contains("Hidden"), listing);
        assertFalse(listing.contains("notListed") || listing.contains("alsoNotListed") || listing.contains(" count"), listing);
    }

    @Test
    void aChangedSignatureFailsTheComparisonAndTheReportShowsBothSides() throws IOException {
        // greeter-before.api is the listing of an earlier Greeter: greet took a CharSequence, and
        // there was a public farewell() that is gone now.
        List<String> changes = ApiListing.diff(resource("greeter-before.api"), ApiListing.of(fixture()));

        String greeter = "public class dev.damm.architecture.apifixture.Greeter<T extends java.lang.CharSequence>"
                + " implements java.lang.Comparable<dev.damm.architecture.apifixture.Greeter<T>>";
        assertEquals(List.of(
                "- " + greeter + " :: public java.lang.String farewell()",
                "- " + greeter + " :: public java.lang.String greet(java.lang.CharSequence)",
                "+ " + greeter + " :: public java.lang.String greet(java.lang.String)"), changes);

        String report = ApiListingTest.report("fixture", Path.of("greeter-before.api"), changes);
        AssertionError failure = assertThrows(AssertionError.class, () -> org.junit.jupiter.api.Assertions.fail(report));
        assertTrue(failure.getMessage().contains("greet(java.lang.CharSequence)") && failure.getMessage().contains("-Ddamm.api.update=true"),
                failure.getMessage());
    }

    @Test
    void commentsAndBlankLinesDoNotCountAndIdenticalListingsAgree() throws IOException {
        String listing = ApiListing.of(fixture());
        assertEquals(List.of(), ApiListing.diff("# a header line\n\n" + listing, listing));
    }

    @Test
    void aMemberMovingToAnotherTypeShowsAsAChange() {
        String before = "public class a.A\n  public void m()\npublic class a.B\n";
        String after = "public class a.A\npublic class a.B\n  public void m()\n";
        assertEquals(List.of("- public class a.A :: public void m()", "+ public class a.B :: public void m()"), ApiListing.diff(before, after));
    }
}
