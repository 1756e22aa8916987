package news.dispatch.mailer.webhook;

import news.dispatch.core.testing.PostgresForTests;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Webhook calls queued and claimed on a real PostgreSQL, where claims use SKIP LOCKED. */
class WebhookCallsOnPostgresIT extends WebhookCallsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_webhooks");
    }
}
