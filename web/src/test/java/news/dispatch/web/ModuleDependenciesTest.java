package news.dispatch.web;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point one way: web → scheduler → mailer → core; core knows no HTTP, SMTP or Quartz. */
class ModuleDependenciesTest {

    private static final JavaClasses DISPATCH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("news.dispatch");

    @Test
    void coreReachesNoOtherModule() {
        noClasses().that().resideInAPackage("news.dispatch.core..")
                .should().dependOnClassesThat().resideInAnyPackage("news.dispatch.mailer..",
                        "news.dispatch.scheduler..", "news.dispatch.web..")
                .allowEmptyShould(true)
                .check(DISPATCH);
    }

    @Test
    void coreKnowsNoWebMailOrQuartz() {
        noClasses().that().resideInAPackage("news.dispatch.core..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "jakarta.mail..",
                        "org.springframework.web..", "org.springframework.mail..", "org.quartz..",
                        "org.springframework.scheduling.quartz..")
                .check(DISPATCH);
    }

    @Test
    void mailerReachesOnlyCore() {
        noClasses().that().resideInAPackage("news.dispatch.mailer..")
                .should().dependOnClassesThat().resideInAnyPackage("news.dispatch.scheduler..",
                        "news.dispatch.web..", "org.quartz..", "org.springframework.web..")
                .allowEmptyShould(true)
                .check(DISPATCH);
    }

    @Test
    void schedulerDoesNotReachTheWeb() {
        noClasses().that().resideInAPackage("news.dispatch.scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage("news.dispatch.web..",
                        "org.springframework.web..", "jakarta.servlet..")
                .allowEmptyShould(true)
                .check(DISPATCH);
    }

    @Test
    void featurePackagesOfTheCoreHaveNoCycles() {
        slices().matching("news.dispatch.core.(*)..").should().beFreeOfCycles().check(DISPATCH);
    }
}
