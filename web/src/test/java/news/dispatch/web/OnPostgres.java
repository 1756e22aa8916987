package news.dispatch.web;

import news.dispatch.core.testing.PostgresForTests;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a {@link DispatchTest} context at a real PostgreSQL (embedded) instead of H2, with a Quartz scheduler of its
 * own (Quartz keeps its schedulers in a JVM-wide registry, by name). Every test class that adds it shares one
 * context and one database.
 */
public class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(PostgresForTests.datasource("web_api"))
                .and("spring.quartz.scheduler-name=dispatch-test-postgres")
                .applyTo(context);
    }
}
