package news.dispatch.mailer.outbox;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outbox's claims, leases and priorities on a real PostgreSQL, where claims use SKIP LOCKED. */
class OutboxOnPostgresIT extends OutboxIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_outbox");
    }
}
