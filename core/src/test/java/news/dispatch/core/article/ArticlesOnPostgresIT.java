package news.dispatch.core.article;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same rules on a real PostgreSQL server. */
class ArticlesOnPostgresIT extends ArticlesIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_articles");
    }
}
