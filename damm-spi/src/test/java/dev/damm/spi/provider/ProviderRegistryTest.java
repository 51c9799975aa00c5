package dev.damm.spi.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.provider.PluginLoadFailure.Reason;
import dev.damm.spi.provider.fixtures.LinksToMissingPlugin;
import dev.damm.spi.provider.fixtures.MissingBase;
import dev.damm.spi.provider.fixtures.OtherStubPlugin;
import dev.damm.spi.provider.fixtures.StubPlugin;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {
    private static final String SERVICE_FILE = "META-INF/services/" + ProviderPlugin.class.getName();

    @BeforeEach
    void resetCounter() {
        StubPlugin.OPENED.set(0);
    }

    @Test
    void discoveryKeepsTheGoodPluginAndReportsEachBrokenOneByClassAndCause() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(getClass().getClassLoader()).build();

        assertEquals(List.of(ProviderId.of("stub")), ids(registry));
        assertFailure(registry, "dev.damm.spi.provider.fixtures.DoesNotExist", Reason.CLASS_NOT_FOUND, "not found");
        assertFailure(registry, "dev.damm.spi.provider.fixtures.ThrowingConstructorPlugin", Reason.CONSTRUCTOR_FAILED, "refusing to construct");
        assertFailure(registry, "dev.damm.spi.provider.fixtures.BrokenStaticInitPlugin", Reason.LINKAGE_FAILED, "static init exploded");
        assertFailure(registry, "dev.damm.spi.provider.fixtures.ThrowingDescriptorPlugin", Reason.DESCRIPTOR_FAILED, "descriptor unavailable");
        assertEquals(4, registry.loadFailures().size());
    }

    @Test
    void aPluginJarWhoseClassIsMissingOrFailsToLinkDoesNotStopTheRegistry(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("broken-plugins.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(SERVICE_FILE));
            out.write(("com.example.gone.GonePlugin\n" + LinksToMissingPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            // Ship the plug-in class but not its superclass, as a jar built against a missing dependency would.
            String classFile = LinksToMissingPlugin.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(classFile));
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        ClassLoader hiding = new HidingClassLoader(getClass().getClassLoader(),
                List.of(MissingBase.class.getName(), LinksToMissingPlugin.class.getName()));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, hiding)) {
            ProviderRegistry registry = ProviderRegistry.builder().discover(loader).build();

            assertTrue(registry.plugin(ProviderId.of("stub")).isPresent(), "the good plug-in still loads");
            assertFailure(registry, "com.example.gone.GonePlugin", Reason.CLASS_NOT_FOUND, "not found");
            PluginLoadFailure linkFailure = assertFailure(registry, LinksToMissingPlugin.class.getName(), Reason.LINKAGE_FAILED, "NoClassDefFoundError");
            assertTrue(linkFailure.cause().contains("MissingBase"), linkFailure.cause());
        }
    }

    @Test
    void brokenServiceFileEntriesAreReportedByKindAndTheEntriesAfterThemAreStillNamedRight(@TempDir Path dir) throws Exception {
        // In loader order: a class of a named module (the service loader skips it without a word), a
        // class that is no plug-in, a file with a line that is no class name (the service loader gives
        // up on that whole file, the name before the bad line included), then a missing class, which
        // must still be named as itself.
        URL notAPlugin = jarWithServiceFile(dir.resolve("a.jar"), "java.lang.String\n" + getClass().getName() + "\n");
        URL badFile = jarWithServiceFile(dir.resolve("b.jar"), "com.example.BeforeTheBadLine\nnot a class name\n");
        URL missing = jarWithServiceFile(dir.resolve("c.jar"), "# a comment line\ncom.example.AfterTheBadFile # trailing comment\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {notAPlugin, badFile, missing}, getClass().getClassLoader())) {
            ProviderRegistry registry = ProviderRegistry.builder().discover(loader).build();

            assertTrue(registry.plugin(ProviderId.of("stub")).isPresent(), "the good plug-in still loads");
            assertFailure(registry, getClass().getName(), Reason.NOT_A_PLUGIN, "");
            PluginLoadFailure bad = registry.loadFailures().stream().filter(f -> f.reason() == Reason.BAD_SERVICE_FILE).findFirst()
                    .orElseThrow(() -> new AssertionError("no bad service file reported: " + registry.loadFailures()));
            assertEquals("unknown", bad.className());
            assertTrue(bad.cause().contains("b.jar") && bad.cause().contains("line 2"), bad.cause());
            assertFailure(registry, "com.example.AfterTheBadFile", Reason.CLASS_NOT_FOUND, "");
            assertTrue(registry.loadFailures().stream().noneMatch(f -> f.className().equals("com.example.BeforeTheBadLine")),
                    "the service loader skips the whole bad file: " + registry.loadFailures());
            assertEquals(4 + 3, registry.loadFailures().size(), registry.loadFailures().toString());
        }
    }

    private static URL jarWithServiceFile(Path jar, String serviceFile) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(SERVICE_FILE));
            out.write(serviceFile.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar.toUri().toURL();
    }

    @Test
    void buildingTheRegistryOpensNothing() {
        ProviderRegistry registry = ProviderRegistry.builder().discover(getClass().getClassLoader()).add(new StubPlugin()).build();

        registry.plugins();
        assertEquals(0, StubPlugin.OPENED.get());
        try (ProviderAdapter adapter = registry.open(ProviderConfig.builder("stub").secret("token", Secret.of("t0k3n")).build())) {
            assertEquals(ProviderId.of("stub"), adapter.id());
        }
        assertEquals(1, StubPlugin.OPENED.get());
    }

    @Test
    void explicitPluginsAreRegisteredWithoutDiscovery() {
        ProviderRegistry registry = ProviderRegistry.builder().add(new StubPlugin("alpha", SpiVersion.CURRENT))
                .add(new OtherStubPlugin("beta", SpiVersion.CURRENT)).build();

        assertEquals(List.of(ProviderId.of("alpha"), ProviderId.of("beta")), ids(registry));
        assertTrue(registry.loadFailures().isEmpty());
    }

    @Test
    void theSamePluginClassDiscoveredAndAddedIsKeptOnceWithTheExplicitInstance() {
        StubPlugin explicit = new StubPlugin();
        ProviderRegistry registry = ProviderRegistry.builder().discover(getClass().getClassLoader()).add(explicit).build();

        assertEquals(Optional.of(explicit), registry.plugin(ProviderId.of("stub")).map(p -> (StubPlugin) p));
    }

    @Test
    void twoPluginClassesWithOneIdAreAConfigurationErrorNamingBoth() {
        DammException e = assertThrows(DammException.class,
                () -> ProviderRegistry.builder().add(new StubPlugin()).add(new OtherStubPlugin()).build());

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains(StubPlugin.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(OtherStubPlugin.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("'stub'"), e.getMessage());
    }

    @Test
    void aPluginForAnotherSpiMajorIsAConfigurationErrorNamingClassAndBothVersions() {
        DammException e = assertThrows(DammException.class,
                () -> ProviderRegistry.builder().add(new OtherStubPlugin("future", new SpiVersion(2, 3))).build());

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains(OtherStubPlugin.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("SPI 2.3"), e.getMessage());
        assertTrue(e.getMessage().contains("this SPI is " + SpiVersion.CURRENT), e.getMessage());
    }

    @Test
    void aPluginForAnOlderMinorOfTheSameMajorIsAccepted() {
        ProviderRegistry registry = ProviderRegistry.builder()
                .add(new OtherStubPlugin("older", new SpiVersion(SpiVersion.CURRENT.major(), 0))).build();

        assertTrue(registry.plugin(ProviderId.of("older")).isPresent());
    }

    @Test
    void openingAnUnknownIdIsAConfigurationErrorListingTheKnownIds() {
        ProviderRegistry registry = ProviderRegistry.builder().add(new StubPlugin()).build();

        DammException e = assertThrows(DammException.class, () -> registry.open(ProviderConfig.builder("hetzner").build()));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains("'hetzner'") && e.getMessage().contains("[stub]"), e.getMessage());
    }

    @Test
    void openingWithoutARequiredKeyNamesTheKeyAndDoesNotOpen() {
        ProviderRegistry registry = ProviderRegistry.builder().add(new StubPlugin()).build();

        DammException e = assertThrows(DammException.class,
                () -> registry.open(ProviderConfig.builder("stub").setting("colour", "blue").build()));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().startsWith("token: required by provider 'stub'"), e.getMessage());
        assertEquals(0, StubPlugin.OPENED.get());
    }

    private static List<ProviderId> ids(ProviderRegistry registry) {
        return registry.plugins().stream().map(ProviderDescriptor::id).collect(Collectors.toList());
    }

    private static PluginLoadFailure assertFailure(ProviderRegistry registry, String className, Reason reason, String causeFragment) {
        PluginLoadFailure failure = registry.loadFailures().stream().filter(f -> f.className().equals(className)).findFirst()
                .orElseThrow(() -> new AssertionError("no failure reported for " + className + " in " + registry.loadFailures()));
        assertEquals(reason, failure.reason(), failure.toString());
        assertTrue(failure.cause().contains(causeFragment), failure.cause());
        return failure;
    }

    /** Delegates to {@code parent} but pretends some classes do not exist there. */
    private static final class HidingClassLoader extends ClassLoader {
        private final List<String> hidden;

        HidingClassLoader(ClassLoader parent, List<String> hidden) {
            super(parent);
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hidden.contains(name)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

}
