package news.dispatch.mailer.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import news.dispatch.core.jdbc.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The mail of one manual digest run, as staff watch it go out: how much is sent, waiting and failed, how fast it
 * goes, and a way to drop what is still waiting. A run's digests are the deliveries of its period
 * ({@link DeliveryPeriod.Run}).
 */
@Repository
public class RunMail {

    /** The rate is what was sent in this last stretch of time. */
    static final Duration RATE_OVER = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final Clock clock;

    RunMail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One count, in one statement, so the numbers add up to the run's total. */
    public Counts counts(String runId) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        select count(case when status = 'SENT' then 1 end) as sent,
                               count(case when status in ('QUEUED', 'SENDING', 'RETRYING') then 1 end) as waiting,
                               count(case when status = 'FAILED' then 1 end) as failed,
                               count(case when status = 'SENT' and sent_at >= :since then 1 end) as lately
                          from delivery
                         where kind = 'DIGEST' and period = :period
                        """)
                .param("period", new DeliveryPeriod.Run(runId).key())
                .param("since", Timestamps.utc(now.minus(RATE_OVER)))
                .query((rs, row) -> new Counts(rs.getLong("sent"), rs.getLong("waiting"), rs.getLong("failed"),
                        rs.getLong("lately") / (double) RATE_OVER.toSeconds()))
                .single();
    }

    /**
     * Drops the run's digests that have not gone out: they end {@code FAILED}, saying why. One a worker holds at
     * this moment may still leave.
     *
     * @return how many were dropped
     */
    public int cancel(String runId, String by) {
        return jdbc.sql("""
                        update delivery
                           set status = 'FAILED', lane = null, last_error = :why
                         where kind = 'DIGEST' and period = :period and status in ('QUEUED', 'RETRYING')
                        """)
                .param("why", "not sent: the run was cancelled by " + by)
                .param("period", new DeliveryPeriod.Run(runId).key())
                .update();
    }

    /**
     * How far a run has got.
     *
     * @param perSecond digests sent a second, lately
     */
    public record Counts(long sent, long waiting, long failed, double perSecond) {

        public long total() {
            return sent + waiting + failed;
        }

        /** Seconds until the waiting mail is out at the current rate; -1 when nothing goes out to tell. */
        public long secondsLeft() {
            if (waiting == 0) {
                return 0;
            }
            return perSecond <= 0 ? -1 : (long) Math.ceil(waiting / perSecond);
        }
    }
}
