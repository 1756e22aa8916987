package news.dispatch.core.suppression;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The suppression list on a real PostgreSQL. */
class SuppressionsOnPostgresIT extends SuppressionsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_suppressions");
    }
}
