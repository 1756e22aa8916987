package news.dispatch.mailer.subscription;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Double opt-in, preferences and unsubscribing on a real PostgreSQL. */
class SubscriptionsOnPostgresIT extends SubscriptionsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_subscriptions");
    }
}
