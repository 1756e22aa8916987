package news.dispatch.scheduler.feed;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same feeds polled into a real PostgreSQL: articles, tags and each feed's state and errors. */
class FeedPollerOnPostgresIT extends FeedPollerIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "scheduler_feeds");
    }
}
