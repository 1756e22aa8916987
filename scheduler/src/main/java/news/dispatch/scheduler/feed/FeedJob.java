package news.dispatch.scheduler.feed;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Polls every feed; one run at a time across the cluster. A run is bounded (each feed has its deadline, and they are
 * polled side by side), and ticks never pile up behind a slow one: a tick that comes during a run waits for it, and
 * once it is later than the misfire threshold it is dropped for the next tick (see {@link FeedConfiguration}).
 */
@DisallowConcurrentExecution
class FeedJob extends QuartzJobBean {

    private final Feeds feeds;

    FeedJob(Feeds feeds) {
        this.feeds = feeds;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        feeds.pollAll();
    }
}
