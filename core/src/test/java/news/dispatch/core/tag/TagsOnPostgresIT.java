package news.dispatch.core.tag;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same merges and searches on a real PostgreSQL server. */
class TagsOnPostgresIT extends TagsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_tags");
    }
}
