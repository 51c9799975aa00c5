package dev.damm.architecture.apifixture;

import java.util.List;

/** Fixture for the API listing: a type with members of every visibility. */
public class Greeter<T extends CharSequence> implements Comparable<Greeter<T>> {
    /** Listed: a public constant. */
    public static final String DEFAULT = "hello";
    /** Not listed: package-private. */
    static int count;

    public Greeter() {}

    /** Listed: protected members are API for subclasses. */
    protected Greeter(T seed) {}

    public String greet(String name) {
        return DEFAULT + " " + name;
    }

    public static <R> List<R> repeat(R value, int times) throws IllegalArgumentException {
        return java.util.Collections.nCopies(times, value);
    }

    protected void onGreet(T name) {}

    void notListed() {}

    private void alsoNotListed() {}

    @Override
    public int compareTo(Greeter<T> other) {
        return 0;
    }

    /** Listed: a public nested record. */
    public record Greeting(String text, int times) {}

    /** Listed: a sealed interface and its permitted kinds. */
    public sealed interface Outcome permits Outcome.Said, Outcome.Refused {
        record Said(String text) implements Outcome {}

        record Refused(String reason) implements Outcome {}
    }

    /** Not listed: private nested. */
    private static final class Hidden {}
}
