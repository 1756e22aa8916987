package news.dispatch.mailer.roster;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Changes, erasure, import and export on a real PostgreSQL, where a failed insert spoils its transaction. */
class RosterOnPostgresIT extends RosterIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_roster");
    }
}
