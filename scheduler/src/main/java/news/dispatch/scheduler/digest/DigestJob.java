package news.dispatch.scheduler.digest;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The schedule's tick: queues the digests due now. One at a time across the cluster; a tick that was missed is
 * not replayed, as the next one finds every reader whose period has passed.
 */
@DisallowConcurrentExecution
class DigestJob extends QuartzJobBean {

    private final Digests digests;

    DigestJob(Digests digests) {
        this.digests = digests;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        digests.runSchedule();
    }
}
