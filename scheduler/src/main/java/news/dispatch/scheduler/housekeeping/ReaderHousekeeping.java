package news.dispatch.scheduler.housekeeping;

import java.time.Clock;
import java.time.Instant;

import news.dispatch.core.subscriber.Confirmations;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.roster.Roster;
import news.dispatch.mailer.subscription.ReaderSettings;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Forgets sign-ups that were never confirmed within {@code dispatch.readers.keep-unconfirmed}: Dispatch has no
 * reason to keep an address whose owner never said yes. The mail sent to them keeps no address, and expired
 * confirmation links go too. Readers who unsubscribed are erased once {@code dispatch.readers.keep-consent} has
 * passed, as an admin erases them: until a privacy QA of 7 December 2026 only their consent went then, and their
 * address, tags and history stayed for good.
 */
@DisallowConcurrentExecution
class ReaderHousekeeping extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(ReaderHousekeeping.class);

    /**
     * Readers erased in one run, each in a transaction of its own: after an upgrade, years of departures are erased
     * over the hours that follow rather than in one long run.
     */
    static final int ERASED_PER_RUN = 1000;

    private final Subscribers subscribers;
    private final Confirmations confirmations;
    private final Outbox outbox;
    private final ReaderSettings settings;
    private final Roster roster;
    private final Clock clock;

    ReaderHousekeeping(Subscribers subscribers, Confirmations confirmations, Roster roster, Outbox outbox,
                       ReaderSettings settings, Clock clock) {
        this.subscribers = subscribers;
        this.roster = roster;
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
        int erased = 0;
        for (long departed : subscribers.departedBefore(now.minus(settings.keepConsent()), ERASED_PER_RUN)) {
            erased += roster.erase(departed) ? 1 : 0;
        }
        if (erased > 0) {
            log.info("Erased {} reader(s) who unsubscribed more than {} ago", erased, settings.keepConsent());
        }
        if (forgotten > 0 || expired > 0) {
            log.info("Deleted {} sign-up(s) not confirmed within {} and {} expired confirmation link(s)", forgotten,
                    settings.keepUnconfirmed(), expired);
        }
    }
}
