package news.dispatch.web;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * What Maven's module graph cannot say: core knows no HTTP, SMTP or Quartz, the mailer no Quartz or HTTP, the scheduler
 * no HTTP; and the packages inside core, and inside web, never reach each other in a circle. (That a module reaches
 * no module above it, Maven already refuses to compile.)
 */
class ModuleDependenciesTest {

    private static final JavaClasses DISPATCH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("news.dispatch");

    @Test
    void coreKnowsNoWebMailOrQuartz() {
        noClasses().that().resideInAPackage("news.dispatch.core..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "jakarta.mail..",
                        "org.springframework.web..", "org.springframework.mail..", "org.quartz..",
                        "org.springframework.scheduling.quartz..")
                .check(DISPATCH);
    }

    @Test
    void mailerKnowsNoQuartzOrWeb() {
        noClasses().that().resideInAPackage("news.dispatch.mailer..")
                .should().dependOnClassesThat().resideInAnyPackage("org.quartz..", "org.springframework.web..")
                .check(DISPATCH);
    }

    @Test
    void schedulerKnowsNoWeb() {
        noClasses().that().resideInAPackage("news.dispatch.scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                .check(DISPATCH);
    }

    @Test
    void featurePackagesOfTheCoreHaveNoCycles() {
        slices().matching("news.dispatch.core.(*)..").should().beFreeOfCycles().check(DISPATCH);
    }

    /** A feature may use the shared packages ({@code page}, {@code problem} …) or another feature, never both ways. */
    @Test
    void packagesOfTheWebHaveNoCycles() {
        slices().matching("news.dispatch.web.(*)..").should().beFreeOfCycles().check(DISPATCH);
    }
}
