package news.dispatch.web.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.mailer.bounce.Bounces;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.DeliveryPause;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Progress;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.PauseNotice;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;

/** The admin's first page: readers, stories and mail at a glance. Times are UTC, as everywhere in Dispatch. */
@Controller
@AdminPage
class DashboardPage {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Subscribers subscribers;
    private final Articles articles;
    private final Deliveries deliveries;
    private final Bounces bounces;
    private final DeliveryPause pause;
    private final Clock clock;
    private final Templates templates;

    DashboardPage(Subscribers subscribers, Articles articles, Deliveries deliveries, Bounces bounces,
                  DeliveryPause pause, Clock clock, Templates templates) {
        this.subscribers = subscribers;
        this.articles = articles;
        this.deliveries = deliveries;
        this.bounces = bounces;
        this.pause = pause;
        this.clock = clock;
        this.templates = templates;
    }

    @GetMapping("/admin")
    ModelAndView dashboard() {
        Instant now = clock.instant();
        Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        SortedMap<Instant, Long> sent = deliveries.sentPerHour(today.minus(6, ChronoUnit.DAYS));

        List<String> hourLabels = new ArrayList<>();
        List<Long> perHour = new ArrayList<>();
        for (int i = 23; i >= 0; i--) {
            Instant hour = thisHour.minus(i, ChronoUnit.HOURS);
            hourLabels.add(HOUR.format(hour));
            perHour.add(sent.getOrDefault(hour, 0L));
        }
        List<String> dayLabels = new ArrayList<>();
        List<Long> perDay = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            Instant day = today.minus(i, ChronoUnit.DAYS);
            dayLabels.add(DAY.format(day));
            perDay.add(sent.subMap(day, day.plus(1, ChronoUnit.DAYS)).values().stream().mapToLong(Long::longValue)
                    .sum());
        }

        Deliveries.Outgoing outgoing = deliveries.outgoing();
        Dashboard dashboard = new Dashboard(subscribers.countByStatus(), subscribers.countErased(),
                articles.countPublishedSince(now.minus(Duration.ofDays(7))), outgoing.byStatus(), outgoing.sentEver(),
                BarChart.of("Emails sent per hour, the last 24 hours (UTC)", hourLabels, perHour, 3),
                BarChart.of("Emails sent per day, the last 7 days (UTC)", dayLabels, perDay, 1),
                outgoing.goingOut(), bounces.rates(now), pause.state().orElse(null));
        return PageView.of(shared -> templates.staffAdminDashboard(shared.staff(), dashboard));
    }

    /**
     * The mail tiles and the progress bars, read at one instant so they always agree, and whether sending is paused,
     * which {@code /assets/staff.js} fetches every few seconds.
     */
    @GetMapping(value = "/admin/progress", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Live progress() {
        long started = System.nanoTime();
        Deliveries.Outgoing outgoing = deliveries.outgoing();
        Duration reading = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Long> tiles = new LinkedHashMap<>();
        for (DeliveryStatus status : DeliveryStatus.values()) {
            tiles.put(status.name(), outgoing.byStatus().getOrDefault(status, 0L));
        }
        // The tile says "sent, ever": the pruned history counts too.
        tiles.put(DeliveryStatus.SENT.name(), outgoing.sentEver());
        long queue = tiles.get("QUEUED") + tiles.get("SENDING") + tiles.get("RETRYING");
        return new Live(queue, tiles, outgoing.goingOut().stream().map(ProgressView::of).toList(),
                PauseNotice.of(pause.state()), Progress.nextReading(reading).toMillis());
    }

    /**
     * What the script reads: the queue's depth, the deliveries by status, one bar per send going out, the pause (null
     * while mail goes out), and how long to wait before reading again (longer while a reading is costly, so that
     * watching a large send does not slow it).
     */
    record Live(long queue, Map<String, Long> deliveries, List<ProgressView> goingOut, PauseNotice paused,
                long nextReadingMillis) {
    }

    /** One progress bar, as the script reads it. */
    record ProgressView(String id, String kind, String name, long done, long total, int percent) {

        static ProgressView of(Progress progress) {
            return new ProgressView(Dashboard.id(progress), progress.kind().name(), Dashboard.name(progress),
                    progress.done(), progress.total(), progress.percent());
        }
    }
}
