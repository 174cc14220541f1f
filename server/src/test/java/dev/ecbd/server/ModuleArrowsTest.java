package dev.ecbd.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The module arrows of DESIGN.md, checked on the compiled classes: {@code server} → {@code transport}
 * → {@code dispatcher} → {@code ecb-pool}, {@code handlers} on {@code api} alone, OS utilities below
 * their users, and {@code api} free of everything but the JDK.
 */
class ModuleArrowsTest
{
    private static JavaClasses ecbd;

    @BeforeAll
    static void importClasses()
    {
        ecbd = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ecbd");
    }

    @Test
    void shouldPointEveryArrowDownward()
    {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy("dev.ecbd.api..")
            .layer("os").definedBy("dev.ecbd.os..")
            .layer("ecb-pool").definedBy("dev.ecbd.pool..")
            .layer("dispatcher").definedBy("dev.ecbd.dispatcher..")
            .layer("transport").definedBy("dev.ecbd.transport..")
            .layer("handlers").definedBy("dev.ecbd.handlers..")
            .layer("server").definedBy("dev.ecbd.server..")
            .whereLayer("server").mayNotBeAccessedByAnyLayer()
            .whereLayer("handlers").mayOnlyBeAccessedByLayers("server")
            .whereLayer("transport").mayOnlyBeAccessedByLayers("server")
            .whereLayer("dispatcher").mayOnlyBeAccessedByLayers("transport", "server")
            .whereLayer("ecb-pool").mayOnlyBeAccessedByLayers("dispatcher", "server")
            .whereLayer("os").mayOnlyBeAccessedByLayers("dispatcher", "transport", "server")
            .check(ecbd);
    }

    @Test
    void shouldKeepTheApiFreeOfEverythingButTheJdk()
    {
        classes().that().resideInAPackage("dev.ecbd.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.ecbd.api..", "java..")
            .check(ecbd);
    }

    @Test
    void shouldBuildHandlersOnTheApiAlone()
    {
        classes().that().resideInAPackage("dev.ecbd.handlers..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.ecbd.handlers..", "dev.ecbd.api..", "java..")
            .check(ecbd);
    }

    @Test
    void shouldKeepOsUtilitiesFreeOfTheRest()
    {
        classes().that().resideInAPackage("dev.ecbd.os..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.ecbd.os..", "java..")
            .check(ecbd);
    }

    @Test
    void shouldKeepNettyInTheTransport()
    {
        classes().that().resideInAnyPackage("dev.ecbd.api..", "dev.ecbd.os..", "dev.ecbd.pool..", "dev.ecbd.dispatcher..", "dev.ecbd.handlers..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.netty..")
            .check(ecbd);
    }
}
