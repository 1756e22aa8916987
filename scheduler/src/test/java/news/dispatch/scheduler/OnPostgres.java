package news.dispatch.scheduler;

import news.dispatch.core.testing.PostgresForTests;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a {@link SchedulerTest} context at a real PostgreSQL (embedded) instead of H2, with a Quartz scheduler of
 * its own. Every test class that adds it shares one context and one database.
 */
public class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(PostgresForTests.datasource("scheduler_digests"))
                .and("spring.quartz.scheduler-name=scheduler-test-postgres")
                .applyTo(context);
    }
}
