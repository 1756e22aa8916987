package news.dispatch.core.subscriber;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same searches on a real PostgreSQL: its LIKE escapes and its ordering of addresses. */
class SubscriberSearchOnPostgresIT extends SubscriberSearchIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_subscriber_search");
    }
}
