package news.dispatch.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.PostgresForTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** On PostgreSQL an erasure is followed, within shred-after, by a VACUUM of the tables that held the reader. */
@SpringBootTest(classes = CoreTestApplication.class, properties = "dispatch.erasure.shred-after=200ms")
class ShredderOnPostgresIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "core_shredder");
    }

    @Autowired
    Subscribers subscribers;

    @Autowired
    JdbcClient jdbc;

    @Test
    void vacuumsTheReadersTablesAfterAnErasure() {
        Subscriber reader = subscribers.add(EmailAddress.of("vacuumed@example.com"), new Preferences(
                List.of(Tag.of("Aviation")), Frequency.DAILY, ZoneOffset.UTC, 7, true), SubscriberStatus.ACTIVE);
        assertThat(vacuumed()).as("before the erasure").isEmpty();

        assertThat(subscribers.erase(reader.id())).isTrue();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(vacuumed())
                .containsExactlyInAnyOrder("confirmation", "delivery", "digest_cursor", "subscriber", "subscriber_tag",
                        "suppression", "consent", "webhook_call", "webhook_attempt"));
    }

    private List<String> vacuumed() {
        return jdbc.sql("select relname from pg_stat_user_tables where last_vacuum is not null")
                .query(String.class).list();
    }
}
