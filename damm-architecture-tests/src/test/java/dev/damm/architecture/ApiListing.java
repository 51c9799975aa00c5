package dev.damm.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a set of classes as text: every type an embedder can name (public, or
 * protected and nested in one they can name) with its declared public and protected members, one
 * signature a line, sorted, so that two listings differ exactly where the API differs. Parameter
 * names, annotations and bodies are not API here; generic signatures, modifiers, supertypes,
 * {@code permits} clauses and {@code throws} clauses are.
 */
final class ApiListing {
    private ApiListing() {}

    /** The listing of {@code classes}; types that are not API among them are left out. */
    static String of(Collection<Class<?>> classes) {
        StringBuilder out = new StringBuilder();
        classes.stream().filter(ApiListing::isApi).sorted(Comparator.comparing(Class::getName)).forEach(c -> {
            out.append(header(c)).append('\n');
            for (String member : members(c)) {
                out.append("  ").append(member).append('\n');
            }
        });
        return out.toString();
    }

    /**
     * The differences from {@code expected} to {@code actual}, as lines {@code "- <type>: <line>"}
     * (gone) and {@code "+ <type>: <line>"} (new), each under the type it belongs to; empty when
     * the listings agree. Lines starting with {@code #} are comments and do not count.
     */
    static List<String> diff(String expected, String actual) {
        Set<String> before = qualifiedLines(expected);
        Set<String> after = qualifiedLines(actual);
        List<String> changes = new ArrayList<>();
        for (String line : before) {
            if (!after.contains(line)) {
                changes.add("- " + line);
            }
        }
        for (String line : after) {
            if (!before.contains(line)) {
                changes.add("+ " + line);
            }
        }
        changes.sort(Comparator.comparing((String s) -> s.substring(2)).thenComparing(s -> s.charAt(0) == '-' ? 0 : 1));
        return changes;
    }

    /** Each member line prefixed with its type's header, so a member moving between types shows. */
    private static Set<String> qualifiedLines(String listing) {
        Set<String> lines = new TreeSet<>();
        String type = "";
        for (String line : listing.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("  ")) {
                lines.add(type + " :: " + line.strip());
            } else {
                type = line.strip();
                lines.add(type);
            }
        }
        return lines;
    }

    /**
     * The classes compiled into the jar or classes directory that {@code marker} was loaded from,
     * loaded without being initialised.
     */
    static List<Class<?>> classesBeside(Class<?> marker) {
        Path location;
        try {
            location = Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> names;
        try {
            names = Files.isDirectory(location) ? classNamesInDirectory(location) : classNamesInJar(location);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, marker.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name + " is in " + location + " but does not load", e);
            }
        }
        return classes;
    }

    private static List<String> classNamesInDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString().replace('\\', '/')).filter(ApiListing::isClassFile)
                    .map(ApiListing::className).collect(Collectors.toList());
        }
    }

    private static List<String> classNamesInJar(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName()).filter(ApiListing::isClassFile).map(ApiListing::className).collect(Collectors.toList());
        }
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class")
                && !path.startsWith("META-INF/");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /**
     * A type is API when code outside its package can name it: public, or protected within such a type.
     * Types under an {@code internal} package are public only so that their own jar can share them;
     * no other jar may use them, so they may change without an API review and are left out.
     */
    static boolean isApi(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        if (("." + c.getPackageName() + ".").contains(".internal.")) {
            return false;
        }
        int m = c.getModifiers();
        Class<?> outer = c.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(m);
        }
        return (Modifier.isPublic(m) || Modifier.isProtected(m)) && isApi(outer);
    }

    private static String header(Class<?> c) {
        int m = c.getModifiers();
        String kind;
        int shown = m & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT);
        if (c.isAnnotation()) {
            kind = "@interface";
            shown &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (c.isInterface()) {
            kind = "interface";
            shown &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (c.isEnum()) {
            kind = "enum";
            shown &= ~(Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL);
        } else if (c.isRecord()) {
            kind = "record";
            shown &= ~(Modifier.STATIC | Modifier.FINAL);
        } else {
            kind = "class";
        }
        StringBuilder b = new StringBuilder(Modifier.toString(shown));
        if (c.isSealed()) {
            b.append(b.length() > 0 ? " " : "").append("sealed");
        }
        b.append(b.length() > 0 ? " " : "").append(kind).append(' ').append(c.getName()).append(typeParameters(c.getTypeParameters()));
        Type superclass = c.getGenericSuperclass();
        if (superclass != null && !c.isEnum() && !c.isRecord() && superclass != Object.class) {
            b.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0 && !c.isAnnotation()) {
            b.append(c.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (c.isSealed()) {
            b.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).sorted().collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            Type[] bounds = v.getBounds();
            boolean onlyObject = bounds.length == 1 && bounds[0] == Object.class;
            return v.getName() + (onlyObject ? "" : " extends " + Arrays.stream(bounds).map(Type::getTypeName).collect(Collectors.joining(" & ")));
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    /** Declared public and protected fields, constructors and methods, compiler-made ones excepted. */
    private static List<String> members(Class<?> c) {
        List<String> fields = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (visible(f)) {
                fields.add(Modifier.toString(f.getModifiers() & Modifier.fieldModifiers()) + " " + f.getGenericType().getTypeName() + " " + f.getName());
            }
        }
        List<String> constructors = new ArrayList<>();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k)) {
                constructors.add(withoutDeclaringType(k, c.getName()));
            }
        }
        List<String> methods = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m) && !m.isBridge()) {
                methods.add(withoutDeclaringType(m, c.getName() + "."));
            }
        }
        List<String> all = new ArrayList<>();
        Stream.of(fields, constructors, methods).forEach(group -> {
            group.sort(null);
            all.addAll(group);
        });
        return all;
    }

    private static boolean visible(Member m) {
        return !m.isSynthetic() && (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()));
    }

    /** {@code toGenericString} names the declaring type before the member; the header already does. */
    private static String withoutDeclaringType(Executable e, String prefix) {
        String s = e.toGenericString();
        String name = e instanceof Constructor ? "" : e.getName();
        int at = s.indexOf(" " + prefix + name + "(");
        String shortName = e instanceof Constructor ? "<init>" : name;
        return at < 0 ? s : s.substring(0, at) + " " + shortName + s.substring(at + 1 + prefix.length() + name.length());
    }
}
