package news.dispatch.mailer.dkim;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Signed mail and the keys' rotation on a real PostgreSQL. */
class SignedMailOnPostgresIT extends SignedMailIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_signed_mail");
    }
}
