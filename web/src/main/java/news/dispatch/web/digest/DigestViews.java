package news.dispatch.web.digest;

import java.time.Duration;
import java.util.List;

import news.dispatch.mailer.outbox.DeliveryPause;
import news.dispatch.mailer.outbox.RunMail;
import news.dispatch.web.page.PauseNotice;

/** What the "Send digests now" page shows; public because the precompiled templates, in another package, read it. */
public final class DigestViews {

    private DigestViews() {
    }

    /**
     * The page.
     *
     * @param paused who paused sending, or {@code null} while mail goes out
     * @param runId  the run being watched, or {@code null}
     * @param run    its mail, or {@code null}
     */
    public record Desk(List<DryRun> dryRuns, DeliveryPause.Paused paused, String runId, RunMail.Counts run) {
    }

    /**
     * One frequency's dry run.
     *
     * @param period "day" or "week": how far back its stories are counted
     */
    public record DryRun(String frequency, long readers, long stories, String period) {
    }

    /** What the page's script polls, and how long it waits before polling again. */
    public record Live(long sent, long waiting, long failed, long total, double perSecond, long secondsLeft,
                       PauseNotice paused, long nextReadingMillis) {

        static Live of(RunMail.Counts counts, PauseNotice paused, Duration nextReading) {
            return new Live(counts.sent(), counts.waiting(), counts.failed(), counts.total(),
                    Math.round(counts.perSecond() * 10) / 10.0, counts.secondsLeft(), paused, nextReading.toMillis());
        }
    }

    /** "1 min 40 s", "12 s"; "—" when it cannot be told. */
    public static String duration(long seconds) {
        if (seconds < 0) {
            return "—";
        }
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }
}
