package news.dispatch.core.subscriber;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Confirmation links, stored as hashes and used once, on a real PostgreSQL. */
class ConfirmationsOnPostgresIT extends ConfirmationsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_confirmations");
    }
}
