package news.dispatch.mailer.story;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Who a correction reaches, on a real PostgreSQL. */
class StoryReachOnPostgresIT extends StoryReachIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_story_reach");
    }
}
