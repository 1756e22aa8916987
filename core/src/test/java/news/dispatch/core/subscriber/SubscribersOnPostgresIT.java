package news.dispatch.core.subscriber;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same rules, uniqueness of lower-cased addresses and check constraints included, on a real PostgreSQL. */
class SubscribersOnPostgresIT extends SubscribersIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> PostgresForTests.jdbcUrl("core_subscribers"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
