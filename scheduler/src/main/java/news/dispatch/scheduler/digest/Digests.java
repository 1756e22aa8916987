package news.dispatch.scheduler.digest;

import news.dispatch.core.subscriber.Frequency;

/**
 * Builds each reader's digest of new stories on their tags and queues it in the mailer's outbox.
 *
 * <p>What every run promises: a digest holds the stories that carry at least one of the reader's tags and were
 * published after the reader's previous digest (the first one: within the last day, or week for {@code WEEKLY}),
 * each once, newest first, at most {@code dispatch.digest.max-articles} with the rest counted as more. No story
 * reaches a reader twice, whatever runs overlap; a reader with nothing new gets no digest, and their cursor moves
 * on all the same. Only {@code ACTIVE} readers are considered.
 */
public interface Digests {

    /**
     * What the schedule does at this minute: queues the digest of every reader whose send time in the current
     * period has passed and who has not had that period's digest (period: the local day for {@code DAILY}, the
     * week from Monday for {@code WEEKLY}, {@code dispatch.digest.immediate-interval} for {@code IMMEDIATE}).
     * After downtime that is one catch-up digest per reader, however many periods were missed.
     */
    DigestRun runSchedule();

    /**
     * {@link #runSchedule()} asked for by an admin: the same readers, and its end is announced
     * ({@code digest.run.finished}) even when nobody was due, for whoever asked is waiting to hear of it.
     */
    DigestRun runScheduleAsked();

    /**
     * An editor's "send now": queues a digest for every reader of the frequency who has new matching stories,
     * whatever their send hour. A reader who had a digest today gets one only with the stories since.
     */
    DigestRun runNow(Frequency frequency);

    /**
     * What one run did.
     *
     * @param id         names the run; a manual run is a period of its own under this id
     * @param considered readers whose stories were looked at (due, or of the frequency asked for)
     * @param queued     digests queued
     */
    record DigestRun(String id, int considered, int queued) {
    }
}
