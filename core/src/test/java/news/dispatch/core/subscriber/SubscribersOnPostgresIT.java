package news.dispatch.core.subscriber;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same rules, uniqueness of lower-cased addresses and check constraints included, on a real PostgreSQL. */
class SubscribersOnPostgresIT extends SubscribersIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_subscribers");
    }
}
