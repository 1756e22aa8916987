package news.dispatch.scheduler.housekeeping;

import java.time.Clock;
import java.time.Instant;

import news.dispatch.core.subscriber.Confirmations;
import news.dispatch.core.subscriber.Consents;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.subscription.ReaderSettings;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Forgets sign-ups that were never confirmed within {@code dispatch.readers.keep-unconfirmed}: Dispatch has no
 * reason to keep an address whose owner never said yes. The mail sent to them keeps no address, and expired
 * confirmation links go too.
 */
@DisallowConcurrentExecution
class ReaderHousekeeping extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(ReaderHousekeeping.class);

    private final Subscribers subscribers;
    private final Confirmations confirmations;
    private final Outbox outbox;
    private final ReaderSettings settings;
    private final Consents consents;
    private final Clock clock;

    ReaderHousekeeping(Subscribers subscribers, Confirmations confirmations, Consents consents, Outbox outbox,
                       ReaderSettings settings, Clock clock) {
        this.subscribers = subscribers;
        this.consents = consents;
        this.confirmations = confirmations;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        Instant now = clock.instant();
        int forgotten = subscribers.deleteUnconfirmed(now.minus(settings.keepUnconfirmed()));
        // Their confirmation emails stay counted, without the address; a run cut short here is finished by the next.
        outbox.forgetDeparted();
        int expired = confirmations.deleteExpired(now);
        int consents = this.consents.forgetLeftBefore(now.minus(settings.keepConsent()));
        if (consents > 0) {
            log.info("Forgot {} consent(s) of readers who left more than {} ago", consents, settings.keepConsent());
        }
        if (forgotten > 0 || expired > 0) {
            log.info("Deleted {} sign-up(s) not confirmed within {} and {} expired confirmation link(s)", forgotten,
                    settings.keepUnconfirmed(), expired);
        }
    }
}
