package news.dispatch.scheduler.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.Newsroom.Queued;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** A batch whose transaction fails is rolled back whole; the run goes on, and the next run makes up for it. */
@SchedulerTest
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:failed-batch;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.quartz.scheduler-name=scheduler-test-failed-batch"})
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article"})
class FailedBatchIT {

    static final Instant NOW = Instant.parse("2025-11-27T08:00:00Z");

    @MockitoSpyBean
    Outbox outbox;

    @Autowired
    Digests digests;

    @Autowired
    Newsroom newsroom;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFailedBatchLeavesItsReadersForTheNextRunAndTheOthersGetTheirs() {
        clock.set(NOW.minus(Duration.ofDays(1)));
        for (int i = 0; i < 10; i++) {
            newsroom.daily("reader" + i + "@example.com", "#Aviation");
        }
        newsroom.story("Airbus orders A320 software fix", NOW.minus(Duration.ofHours(1)), "#Aviation");
        clock.set(NOW);
        doThrow(new DataIntegrityViolationException("a reader was erased meanwhile")).doCallRealMethod()
                .when(outbox).queueDigests(anyCollection());

        assertThat(digests.runSchedule().queued()).as("the second batch of three").isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from digest_cursor").query(Long.class).single())
                .as("the first batch's cursors did not move").isEqualTo(3);

        doCallRealMethod().when(outbox).queueDigests(anyCollection());
        clock.set(NOW.plus(Duration.ofMinutes(1)));
        assertThat(digests.runSchedule().queued()).isEqualTo(7);
        assertThat(newsroom.queued().stream().collect(Collectors.groupingBy(Queued::subscriberId)))
                .hasSize(10).allSatisfy((reader, theirs) -> assertThat(theirs).hasSize(1));
    }
}
