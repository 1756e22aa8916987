package news.dispatch.mailer.bounce;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What comes back, acted on once, and the suppression list on a real PostgreSQL. */
class BouncesOnPostgresIT extends BouncesIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_bounces");
    }
}
