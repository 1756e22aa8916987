package news.dispatch.mailer.alert;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same statements on a real PostgreSQL, where a second alert waits for the first one's commit. */
class AlertsOnPostgresIT extends AlertsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_alerts");
    }
}
