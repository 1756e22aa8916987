package news.dispatch.scheduler.bounce;

import news.dispatch.mailer.bounce.BounceMailbox;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Reads the bounces mailbox; one read at a time across the cluster, so two nodes do not fetch the same messages
 * (were they to, each message is still acted on once). A mailbox that is down is reported and read again at the
 * next tick; the job never fails for it.
 */
@DisallowConcurrentExecution
class BounceJob extends QuartzJobBean {

    private final BounceMailbox mailbox;

    BounceJob(BounceMailbox mailbox) {
        this.mailbox = mailbox;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        mailbox.read();
    }
}
