package news.dispatch.mailer.subscription;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Double opt-in, preferences and unsubscribing on a real PostgreSQL. */
class SubscriptionsOnPostgresIT extends SubscriptionsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> PostgresForTests.jdbcUrl("mailer_subscriptions"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
