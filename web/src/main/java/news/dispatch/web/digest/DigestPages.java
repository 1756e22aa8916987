package news.dispatch.web.digest;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.mailer.outbox.DeliveryPause;
import news.dispatch.mailer.outbox.Progress;
import news.dispatch.mailer.outbox.RunMail;
import news.dispatch.scheduler.digest.Digests;
import news.dispatch.scheduler.digest.Digests.DigestRun;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.PauseNotice;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;

/**
 * "Send digests now" for staff: per frequency, a dry run (how many readers, how many stories), the button that
 * runs it, and the run's mail going out, live; pausing and resuming all sending, and cancelling a run's waiting mail.
 * Every POST answers with a redirect to the page, so a reload repeats nothing.
 */
@Controller
@AdminPage
class DigestPages {

    private final Digests digests;
    private final Articles articles;
    private final RunMail runs;
    private final DeliveryPause pause;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Templates templates;

    DigestPages(Digests digests, Articles articles, RunMail runs, DeliveryPause pause, JdbcClient jdbc, Clock clock,
                Templates templates) {
        this.digests = digests;
        this.articles = articles;
        this.runs = runs;
        this.pause = pause;
        this.jdbc = jdbc;
        this.clock = clock;
        this.templates = templates;
    }

    @GetMapping("/admin/digests")
    ModelAndView desk(@RequestParam(required = false) String run) {
        List<DigestViews.DryRun> dryRuns = Arrays.stream(Frequency.values()).map(this::dryRun).toList();
        DigestViews.Desk desk = new DigestViews.Desk(dryRuns, pause.state().orElse(null), run,
                run == null ? null : runs.counts(run));
        return PageView.of(shared -> templates.staffAdminDigests(shared.staff(), desk));
    }

    @PostMapping("/admin/digests/run")
    String run(@RequestParam String frequency) {
        DigestRun run = digests.runNow(frequency(frequency));
        return "redirect:/admin/digests?run=" + run.id();
    }

    /** What the page's script polls: the run's counts, and whether sending is paused (here or elsewhere). */
    @GetMapping(value = "/admin/digests/runs/{id}/progress", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    DigestViews.Live progress(@PathVariable String id) {
        long started = System.nanoTime();
        RunMail.Counts counts = runs.counts(id);
        return DigestViews.Live.of(counts, PauseNotice.of(pause.state()),
                Progress.nextReading(Duration.ofNanos(System.nanoTime() - started)));
    }

    @PostMapping("/admin/digests/runs/{id}/cancel")
    String cancel(@PathVariable String id, Principal who) {
        runs.cancel(id, who.getName());
        return "redirect:/admin/digests?run=" + id;
    }

    @PostMapping("/admin/digests/pause")
    String pause(@RequestParam(required = false) String run, Principal who) {
        pause.pause(who.getName());
        return back(run);
    }

    @PostMapping("/admin/digests/resume")
    String resume(@RequestParam(required = false) String run) {
        pause.resume();
        return back(run);
    }

    private static String back(String run) {
        return run == null || !run.matches("[0-9a-fA-F-]{1,36}") ? "redirect:/admin/digests"
                : "redirect:/admin/digests?run=" + run;
    }

    /**
     * The readers a send would consider and the stories it could hold: every active reader of the frequency, and
     * the stories of the last day (a week for weekly readers). Each reader gets only the stories on their tags
     * they have not had, so fewer may get a digest.
     */
    private DigestViews.DryRun dryRun(Frequency frequency) {
        long readers = jdbc.sql("select count(*) from subscriber where status = 'ACTIVE' and frequency = ?")
                .param(frequency.name())
                .query(Long.class)
                .single();
        Duration back = frequency == Frequency.WEEKLY ? Duration.ofDays(7) : Duration.ofDays(1);
        return new DigestViews.DryRun(frequency.name(), readers,
                articles.countPublishedSince(clock.instant().minus(back)),
                frequency == Frequency.WEEKLY ? "week" : "day");
    }

    private static Frequency frequency(String given) {
        try {
            return Frequency.valueOf(given.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("frequency", "frequency must be IMMEDIATE, DAILY or WEEKLY");
        }
    }
}
