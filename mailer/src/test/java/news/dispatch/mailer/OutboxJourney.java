package news.dispatch.mailer;

import java.time.Instant;

import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.outbox.Outbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the journeys told by the outbox's rows start: the mailer with its workers off, so every queued mail stays in
 * the outbox to be read, over an in-memory database named by the subclass in {@code test.context-name} (through a
 * {@code @TestPropertySource}), with the clock in the tests' hand from 2025-11-29T12:00:00Z.
 */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:${test.context-name};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.mail.enabled=false"})
@Import(OutboxJourney.Time.class)
public abstract class OutboxJourney {

    @Autowired
    protected Subscribers subscribers;

    @Autowired
    protected Articles articles;

    @Autowired
    protected Outbox outbox;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected JdbcClient jdbc;

    @TestConfiguration
    static class Time {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2025-11-29T12:00:00Z"));
        }
    }
}
