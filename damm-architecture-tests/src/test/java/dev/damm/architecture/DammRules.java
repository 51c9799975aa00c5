package dev.damm.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The architecture rules of DAMM's jars, as ArchUnit rules and the imports they run on. */
final class DammRules {
    private DammRules() {}

    /** Every production class under {@code dev.damm} on the test classpath, from all DAMM jars. */
    static JavaClasses allProductionClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.damm");
    }

    /**
     * The production classes of one module, found by where they were loaded from: the module's
     * {@code target/classes} directory or its jar ({@code artifactId-<version>.jar}).
     */
    static JavaClasses moduleClasses(String artifactId) {
        Pattern location = Pattern.compile(".*/" + Pattern.quote(artifactId) + "(/target/classes/|-\\d[^/]*\\.jar!/).*");
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(l -> l.matches(location))
                .importPackages("dev.damm");
    }

    /**
     * (a) A plug-in family ({@code dev.damm.provider} or {@code dev.damm.transport}) sees no DAMM
     * package but {@code dev.damm.spi} and its own root, e.g. {@code dev.damm.provider.hetzner}:
     * a provider jar that compiles against damm-core, or against another provider, is a design
     * error. JDK and third-party packages are not restricted here.
     */
    static ArchRule pluginsSeeOnlyTheSpi(String family) {
        return classes().that().resideInAPackage(family + "..")
                .should(dependOnNoDammPackageButSpiAndOwnRoot(family))
                // Transport jars and the static provider have no classes yet.
                .allowEmptyShould(true);
    }

    static ArchCondition<JavaClass> dependOnNoDammPackageButSpiAndOwnRoot(String family) {
        return new ArchCondition<>("depend on no dev.damm package but dev.damm.spi and their own " + family + ".<name>") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = ownRoot(item.getPackageName(), family);
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getBaseComponentType().getPackageName();
                    boolean damm = target.equals("dev.damm") || target.startsWith("dev.damm.");
                    if (damm && !within(target, "dev.damm.spi") && !within(target, own)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    /** {@code dev.damm.provider.hetzner.api} in family {@code dev.damm.provider} has root {@code dev.damm.provider.hetzner}. */
    static String ownRoot(String pkg, String family) {
        if (!pkg.startsWith(family + ".")) {
            return pkg;
        }
        String rest = pkg.substring(family.length() + 1);
        int dot = rest.indexOf('.');
        return family + "." + (dot < 0 ? rest : rest.substring(0, dot));
    }

    static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    /** (b) The core stays free of DI containers, HTTP servers, JDBC, pools and migrations. */
    static ArchRule coreHasNoFrameworks() {
        return noClasses().that().resideInAPackage("dev.damm.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.google.inject..", "io.javalin..", "org.eclipse.jetty..", "java.sql..", "javax.sql..",
                        "com.zaxxer..", "org.flywaydb..");
    }

    /**
     * (f) {@code dev.damm.core.internal..} is the core's engine room: what the core's public API
     * is built from, free to change in any release. Nothing outside {@code dev.damm.core} may
     * depend on it; an embedder, a store or a server that needs something from it needs a public
     * API instead.
     */
    static ArchRule nothingOutsideCoreUsesCoreInternals() {
        return noClasses().that().resideOutsideOfPackage("dev.damm.core..")
                .should().dependOnClassesThat().resideInAPackage("dev.damm.core.internal..");
    }

    /** (c) What plug-ins compile against needs the JDK only (slf4j-api at most). */
    static ArchRule spiNeedsOnlyTheJdk() {
        return classes().that().resideInAPackage("dev.damm.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.damm.spi..", "org.slf4j..");
    }

    /** (d) {@code XxxPlugin} and {@code XxxAdapter} say what a type is; {@code Provider} and {@code Module} do not. */
    static ArchRule noProviderOrModuleNames() {
        return noClasses().that().resideInAPackage("dev.damm..")
                .should().haveSimpleName("Provider")
                .orShould().haveSimpleName("Module");
    }

    /** (e) A module's classes all live under its root package. */
    static ArchRule liveUnder(String rootPackage, boolean mayBeEmpty) {
        return classes().should().resideInAPackage(rootPackage + "..").allowEmptyShould(mayBeEmpty);
    }

    /** (e) All classes of a plug-in jar share one root, e.g. {@code dev.damm.provider.hetzner}. */
    static ArchCondition<JavaClass> shareOneRootIn(String family, String[] firstRootSeen) {
        return new ArchCondition<>("share one root package " + family + ".<name>") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String root = ownRoot(item.getPackageName(), family);
                if (firstRootSeen[0] == null) {
                    firstRootSeen[0] = root;
                }
                boolean same = root.equals(firstRootSeen[0]) && !root.equals(family);
                events.add(new SimpleConditionEvent(item, same,
                        item.getName() + " is in root " + root + ", another class of the jar in " + firstRootSeen[0]));
            }
        };
    }
}
