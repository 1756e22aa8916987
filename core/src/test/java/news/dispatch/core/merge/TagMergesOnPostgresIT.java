package news.dispatch.core.merge;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same merges and searches on a real PostgreSQL server. */
class TagMergesOnPostgresIT extends TagMergesIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_tags");
    }
}
