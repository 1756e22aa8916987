package news.dispatch.web;

import news.dispatch.core.testing.PostgresForTests;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test context of the whole app ({@link DispatchTest} and the like) at a real PostgreSQL (embedded) instead
 * of H2: a database and a Quartz scheduler (Quartz keeps its schedulers in a JVM-wide registry, by name) named after
 * the context's own scheduler, so contexts of different kinds never share mail workers or jobs. Test classes of one
 * kind that add it share one context and one database.
 */
public class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String scheduler = context.getEnvironment().getProperty("spring.quartz.scheduler-name", "dispatch-test");
        TestPropertyValues.of(PostgresForTests.datasource("web_" + scheduler.replace('-', '_')))
                .and("spring.quartz.scheduler-name=" + scheduler + "-postgres")
                .applyTo(context);
    }
}
