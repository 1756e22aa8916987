package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard's mail sent per hour, the hours that ended kept between readings: each reading says what the history
 * holds, as mail goes on being sent, hours end and housekeeping prunes.
 */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:sent-hours;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.mail.enabled=false"})
@Import(SentHoursIT.Time.class)
@ResetsDatabase({"delivery", "subscriber"})
class SentHoursIT {

    private static final Instant NOON = Instant.parse("2025-11-29T12:00:00Z");

    @Autowired
    JdbcOutbox outbox;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void eachReadingCountsWhatTheHistoryHoldsAsMailIsSentHoursEndAndTheHistoryIsPruned() {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Aviation");
        clock.set(NOON.plus(Duration.ofMinutes(3)));
        long first = sent(reader, "09:10");
        sent(reader, "10:20");
        sent(reader, "11:50");
        assertThat(outbox.sentPerHour(at("12:00"))).isEmpty();
        assertThat(outbox.sentPerHour(at("09:00"))).isEqualTo(Map.of(at("09:00"), 1L, at("10:00"), 1L,
                at("11:00"), 1L));
        sent(reader, "11:58");
        assertThat(outbox.sentPerHour(at("09:00"))).as("marked by a node whose clock lags, in an hour not yet kept")
                .containsEntry(at("11:00"), 2L);

        clock.set(NOON.plus(Duration.ofMinutes(30)));
        sent(reader, "12:10");
        assertThat(outbox.sentPerHour(at("09:00"))).isEqualTo(Map.of(at("09:00"), 1L, at("10:00"), 1L,
                at("11:00"), 2L, at("12:00"), 1L));
        assertThat(outbox.countSent(at("10:30"))).as("from the middle of an hour on").isEqualTo(3);
        assertThat(outbox.sentPerHour(at("10:30"))).isEqualTo(Map.of(at("11:00"), 2L, at("12:00"), 1L));
        assertAsTheHistorySays();

        sent(reader, "12:20");
        assertThat(outbox.sentPerHour(at("09:00"))).containsEntry(at("12:00"), 2L);

        clock.set(NOON.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(10)));
        sent(reader, "13:30");
        sent(reader, "14:05");
        assertThat(outbox.sentPerHour(at("09:00"))).containsEntry(at("12:00"), 2L).containsEntry(at("13:00"), 1L)
                .containsEntry(at("14:00"), 1L);
        assertAsTheHistorySays();

        jdbc.sql("delete from delivery where id = ?").param(first).update();
        assertThat(outbox.sentPerHour(at("09:00"))).as("pruned").doesNotContainKey(at("09:00"));
        assertThat(outbox.countSent(at("09:00"))).isEqualTo(7);
        assertAsTheHistorySays();
    }

    /** What the sent deliveries say, read from every row. */
    private void assertAsTheHistorySays() {
        for (String since : new String[] {"08:00", "09:00", "10:30", "12:00", "12:15"}) {
            Map<Instant, Long> truth = new TreeMap<>();
            jdbc.sql("select sent_at from delivery where status = 'SENT' and sent_at >= ?")
                    .param(at(since).atOffset(ZoneOffset.UTC))
                    .query((rs, row) -> truth.merge(rs.getObject(1, OffsetDateTime.class).toInstant()
                            .truncatedTo(ChronoUnit.HOURS), 1L, Long::sum))
                    .list();
            assertThat(outbox.sentPerHour(at(since))).as("since " + since).isEqualTo(truth);
            assertThat(outbox.countSent(at(since))).as("since " + since)
                    .isEqualTo(truth.values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /** A notice to the reader, marked sent at the time of the test's day as the outbox marks it. */
    private long sent(Subscriber reader, String time) {
        outbox.queueNotice(reader, Notice.WELCOME);
        long id = jdbc.sql("select max(id) from delivery").query(Long.class).single();
        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ?, available_at = ? where id = ?")
                .params(at(time).atOffset(ZoneOffset.UTC), at(time).atOffset(ZoneOffset.UTC), id)
                .update();
        return id;
    }

    private static Instant at(String time) {
        return Instant.parse("2025-11-29T" + time + ":00Z");
    }

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(NOON);
        }
    }
}
