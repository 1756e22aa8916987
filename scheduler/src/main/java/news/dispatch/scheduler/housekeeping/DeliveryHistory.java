package news.dispatch.scheduler.housekeeping;

import java.time.Clock;

import news.dispatch.mailer.MailSettings;
import news.dispatch.mailer.outbox.Outbox;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Keeps the outbox's history to {@code dispatch.mail.keep-history}: a newsroom of a million readers adds a million
 * deliveries a day, and without this the table, its indexes and every backup would grow for ever.
 */
@DisallowConcurrentExecution
class DeliveryHistory extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryHistory.class);

    private final Outbox outbox;
    private final MailSettings settings;
    private final Clock clock;

    DeliveryHistory(Outbox outbox, MailSettings settings, Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        long started = System.nanoTime();
        int deleted = outbox.pruneFinished(clock.instant().minus(settings.keepHistory()));
        if (deleted > 0) {
            log.info("Deleted {} deliveries finished more than {} ago in {} ms", deleted, settings.keepHistory(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
