package news.dispatch.web.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.Instant;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import news.dispatch.core.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A closed embedded database makes every part of the app fail at every try: each logger writes one line of it a
 * minute, after one line that tells the operator what to do, and every other line is written as before.
 */
class ClosedDatabaseLogTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T22:40:00Z"));
    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();

    @Test
    void eachLoggerWritesTheClosedDatabaseOnceAMinuteAfterOneLineOfAdvice() {
        ClosedDatabaseLog.Filter filter = new ClosedDatabaseLog.Filter(clock);
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        written.setContext(context);
        written.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(written);
        Logger workers = context.getLogger("news.dispatch.mailer.outbox.DeliveryWorkers");
        Logger webhooks = context.getLogger("news.dispatch.mailer.webhook.WebhookWorker");
        DataAccessResourceFailureException closed = new DataAccessResourceFailureException("select",
                new SQLNonTransientConnectionException("The database has been closed [90098-252]", "90098", 90098));

        for (int i = 0; i < 500; i++) {
            workers.error("Claiming failed", closed);
            webhooks.warn("Webhook worker failed; retrying shortly: {}", closed.getCause().toString());
        }
        workers.error("Something else", new IllegalStateException("else"));
        clock.advance(Duration.ofSeconds(61));
        workers.error("Claiming failed", closed);

        assertThat(written.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Dispatch's embedded database closed after a write of its file failed (is the disk full?); free space"
                        + " and restart Dispatch: it answers nothing until then, and mail waits in the outbox. Each part"
                        + " of Dispatch logs this once a minute.",
                "Claiming failed",
                "Webhook worker failed; retrying shortly: java.sql.SQLNonTransientConnectionException: The database"
                        + " has been closed [90098-252]",
                "Something else",
                "Claiming failed");
    }
}
