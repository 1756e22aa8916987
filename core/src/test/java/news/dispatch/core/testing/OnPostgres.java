package news.dispatch.core.testing;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test context with a Quartz scheduler at a real PostgreSQL (embedded) instead of H2: a database and a
 * scheduler named after the context's own scheduler (Quartz keeps its schedulers in a JVM-wide registry, by name), so
 * contexts of different kinds never share tables, mail workers or jobs. Test classes of one kind that add it share
 * one context and one database.
 */
public class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String scheduler = context.getEnvironment().getRequiredProperty("spring.quartz.scheduler-name");
        TestPropertyValues.of(PostgresForTests.datasource(scheduler.replace('-', '_')))
                .and("spring.quartz.scheduler-name=" + scheduler + "-postgres")
                .applyTo(context);
    }
}
