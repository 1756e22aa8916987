package news.dispatch.mailer.alert;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.outbox.Outbox;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * How long an alert takes to reach 100,000 readers' outbox rows: 125,000 readers in eight time zones, one in six
 * with quiet hours (three kinds of night), each following 3–8 of 200 tags; 100,000 of them ACTIVE with alerts on and
 * following at least one of the story's three tags, the others following other tags, with alerts off, or not ACTIVE.
 * The outbox already holds 200,000 sent digests. On H2 in file mode with commits written at once, as the app runs by
 * default, then on PostgreSQL (embedded, on the same machine). Timed from the request to the commit: the alert's record, its windows, the one statement that queues
 * every delivery, and the commit.
 *
 * <p>Three cases, each repeated (the queued rows are deleted between runs) and the median shown: the day's first
 * alert (nobody can be over the daily cap, so the cap is not checked), the day's third (every reader's two earlier
 * alerts are counted against the cap), and the fourth (everyone is over the cap and nothing is queued); against the
 * baseline of the obvious per-reader loop, timed in the same JVM on the same data. Not a test:
 * it prints figures. Run it with {@code ./mvnw -B -q -pl mailer -am -Palert-benchmark verify -DskipTests}, which
 * gives it a JVM of its own with {@code -Xmx512m}.
 */
public final class AlertBenchmark {

    static final int MATCHING = 100_000;
    static final int OTHER_TAGS = 10_000;
    static final int ALERTS_OFF = 5_000;
    static final int NOT_ACTIVE = 10_000;
    static final int HISTORY = 200_000;
    static final int TAGS = 200;
    static final int REPEATS = 5;
    static final int NAIVE_READERS = 10_000;
    static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "Europe/Kyiv", "America/New_York",
            "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney");
    static final int[][] NIGHTS = {{22, 7}, {23, 6}, {0, 8}};
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AlertBenchmark() {
    }

    record Figures(long millis, long cpuMillis, int queued, int overCap) {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/alert-benchmark");
        System.out.printf(Locale.ROOT, "Alert benchmark: %d cores, Java %s, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        FileSystemUtils.deleteRecursively(directory);
        Files.createDirectories(directory);
        String h2 = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("dispatch")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        measure("H2 " + org.h2.engine.Constants.FULL_VERSION + " in files (the default run)", h2);
        measure("PostgreSQL (embedded, same machine)", PostgresForTests.jdbcUrl("alert_benchmark"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
    }

    private static void measure(String database, String url, String... settings) {
        System.out.printf(Locale.ROOT, "%n## %s%n%nload average at start: %.2f%n", database, load());
        List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + url,
                "--spring.mail.host=127.0.0.1", "--dispatch.mail.enabled=false", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--logging.level.news.dispatch=WARN"));
        arguments.addAll(List.of(settings));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MailerTestApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(arguments.toArray(String[]::new))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Alerts alerts = context.getBean(Alerts.class);
            long started = System.nanoTime();
            long[] stories = load(jdbc);
            System.out.printf(Locale.ROOT, "%nNewsroom: %,d readers (%,d of them reached), %,d tag follows, "
                            + "%,d deliveries of history; loaded in %.1f s%n", count(jdbc, "subscriber"), MATCHING,
                    count(jdbc, "subscriber_tag"), count(jdbc, "delivery"), (System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "groups of readers (zone × quiet hours) reached: %d%n",
                    jdbc.queryForObject("""
                            select count(*) from (select distinct timezone, quiet_from, quiet_until from subscriber
                                                   where status = 'ACTIVE' and alerts = true) g""", Integer.class));

            long previewStarted = System.nanoTime();
            AlertPreview preview = alerts.preview(stories[0]);
            System.out.printf(Locale.ROOT, "dry run (counts by tag, sample email): %,d readers, %d after quiet hours,"
                            + " in %.2f s%n", preview.recipients(), preview.afterQuiet(),
                    (System.nanoTime() - previewStarted) / 1e9);

            // JIT warm-up on the second story, then forgotten.
            run(alerts, jdbc, stories[1]);
            forget(jdbc, stories[1]);
            double naivePerSecond = naive(context, jdbc, stories[1]);
            forget(jdbc, stories[1]);

            Figures first = median(alerts, jdbc, stories[0], "first alert of the day");
            run(alerts, jdbc, stories[0]);
            run(alerts, jdbc, stories[1]);
            Figures third = median(alerts, jdbc, stories[2], "third alert of the day");
            run(alerts, jdbc, stories[2]);
            Figures fourth = median(alerts, jdbc, stories[3], "fourth alert of the day");

            System.out.println();
            System.out.printf(Locale.ROOT, "Median of %d runs each; load average at the end: %.2f%n", REPEATS, load());
            System.out.println();
            System.out.println("| alert | readers queued | over the daily cap | time (wall) | CPU time (this JVM) | rows/s |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            row("first of the day: no cap to check", first);
            row("third of the day: two earlier alerts counted per reader", third);
            row("fourth of the day: everyone over the cap", fourth);
            System.out.println();
            System.out.printf(Locale.ROOT, "naive loop (baseline): %,.0f readers/s, so 100k would take %.0f s%n",
                    naivePerSecond, MATCHING / naivePerSecond);
            System.out.printf(Locale.ROOT, "100k readers queued: %.2f s for the first alert, %.2f s for the third "
                    + "(target ≤ 3 s); %.0f× the naive loop%n", first.millis() / 1000.0, third.millis() / 1000.0,
                    first.queued() * 1000.0 / Math.max(1, first.millis()) / naivePerSecond);
        }
    }

    private static void row(String name, Figures figures) {
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f s | %.2f s | %,.0f |%n", name, figures.queued(),
                figures.overCap(), figures.millis() / 1000.0, figures.cpuMillis() / 1000.0,
                figures.queued() * 1000.0 / Math.max(1, figures.millis()));
    }

    /** Sends the story's alert {@link #REPEATS} times, forgetting it after each, and answers the median run. */
    private static Figures median(Alerts alerts, JdbcTemplate jdbc, long story, String name) {
        List<Figures> runs = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            Figures figures = run(alerts, jdbc, story);
            System.out.printf(Locale.ROOT, "%s: %,d queued, %,d over the cap, in %.2f s (CPU %.2f s)%n", name,
                    figures.queued(), figures.overCap(), figures.millis() / 1000.0, figures.cpuMillis() / 1000.0);
            runs.add(figures);
            forget(jdbc, story);
        }
        return runs.stream().sorted(Comparator.comparingLong(Figures::millis)).toList().get(REPEATS / 2);
    }

    private static Figures run(Alerts alerts, JdbcTemplate jdbc, long story) {
        System.gc();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        Alerts.Outcome outcome = alerts.send(story, "benchmark");
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        if (!outcome.sentNow()) {
            throw new IllegalStateException("the alert of story " + story + " was sent before");
        }
        int queued = jdbc.queryForObject("select count(*) from delivery where period = ?", Integer.class,
                "ALERT " + story);
        if (queued != outcome.alert().recipients()) {
            throw new IllegalStateException("queued " + queued + " but recorded " + outcome.alert().recipients());
        }
        return new Figures(millis, cpuMillis, queued, outcome.alert().overCap());
    }

    /**
     * The baseline, what the obvious code would do: find the readers the story's tags match, then, for each one in
     * one transaction, load them, skip them unless ACTIVE with alerts on, count their alerts of the last day against
     * the cap and queue their alert through the outbox. Quiet hours are left out, which only flatters it. Timed on
     * the first {@link #NAIVE_READERS} readers, as running it for all of them would take minutes.
     *
     * @return readers handled per second
     */
    private static double naive(ConfigurableApplicationContext context, JdbcTemplate jdbc, long story) {
        Subscribers subscribers = context.getBean(Subscribers.class);
        Outbox outbox = context.getBean(Outbox.class);
        TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
        int cap = context.getBean(AlertSettings.class).dailyCap();
        List<Long> readers = jdbc.queryForList("""
                select distinct t.subscriber_id from subscriber_tag t
                 where t.tag_key in (select a.tag_key from article_tag a where a.article_id = ?)
                 order by t.subscriber_id""", Long.class, story);
        List<Long> timed = readers.subList(0, Math.min(NAIVE_READERS, readers.size()));
        OffsetDateTime dayAgo = Instant.now().minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
        System.gc();
        long started = System.nanoTime();
        transaction.executeWithoutResult(status -> {
            for (long id : timed) {
                Subscriber reader = subscribers.find(id).orElseThrow();
                if (reader.status() != SubscriberStatus.ACTIVE || !reader.preferences().alerts()) {
                    continue;
                }
                int recent = jdbc.queryForObject("select count(*) from delivery where subscriber_id = ?"
                        + " and kind = 'ALERT' and queued_at >= ?", Integer.class, id, dayAgo);
                if (recent < cap) {
                    outbox.queueAlert(reader, story);
                }
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "naive loop: %,d readers in %.2f s%n", timed.size(), seconds);
        return timed.size() / seconds;
    }

    /** Undoes a story's alert, so that the next run starts from the same state. */
    private static void forget(JdbcTemplate jdbc, long story) {
        jdbc.update("delete from delivery where period = ?", "ALERT " + story);
        jdbc.update("delete from alert where article_id = ?", story);
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The newsroom; answers four stories on the same three tags, published a minute ago. */
    private static long[] load(JdbcTemplate jdbc) {
        Random random = new Random(42);
        OffsetDateTime created = Instant.now().minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC);
        List<Object[]> tags = new ArrayList<>();
        for (int tag = 0; tag < TAGS; tag++) {
            tags.add(new Object[] {"tag-" + tag, "Tag-" + tag, created});
        }
        jdbc.batchUpdate("insert into tag (tag_key, label, created_at) values (?, ?, ?)", tags);

        OffsetDateTime published = Instant.now().minus(Duration.ofMinutes(1)).atOffset(ZoneOffset.UTC);
        long[] stories = new long[4];
        for (int i = 0; i < stories.length; i++) {
            stories[i] = i + 1;
            jdbc.update("insert into article (id, title, summary, published_at, created_at, released_at)"
                    + " values (?, ?, ?, ?, ?, ?)",
                    stories[i], "Breaking story " + i, "What happened", published, published, published);
            for (int position = 0; position < 3; position++) {
                jdbc.update("insert into article_tag (article_id, tag_key, position) values (?, ?, ?)", stories[i],
                        "tag-" + position, position);
            }
        }

        int total = MATCHING + OTHER_TAGS + ALERTS_OFF + NOT_ACTIVE;
        for (int from = 1; from <= total; from += 10_000) {
            List<Object[]> rows = new ArrayList<>();
            List<Object[]> follows = new ArrayList<>();
            for (int id = from; id < from + 10_000 && id <= total; id++) {
                boolean follows3 = id <= MATCHING || id > MATCHING + OTHER_TAGS;
                boolean alertsOn = id <= MATCHING + OTHER_TAGS || id > MATCHING + OTHER_TAGS + ALERTS_OFF;
                String status = id > MATCHING + OTHER_TAGS + ALERTS_OFF ? (id % 2 == 0 ? "UNSUBSCRIBED" : "PENDING")
                        : "ACTIVE";
                int[] night = id % 6 == 0 ? NIGHTS[(id / 6) % NIGHTS.length] : null;
                rows.add(new Object[] {id, "reader" + id + "@example.com", "reader" + id + "@example.com", status,
                        ZONES.get(id % ZONES.size()), random.nextInt(24), alertsOn,
                        night == null ? null : night[0], night == null ? null : night[1], created, created, created});
                Set<Integer> followed = new LinkedHashSet<>();
                if (follows3) {
                    followed.add(random.nextInt(3));
                }
                int wanted = 3 + random.nextInt(6);
                while (followed.size() < wanted) {
                    followed.add(3 + random.nextInt(TAGS - 3));
                }
                for (int tag : followed) {
                    follows.add(new Object[] {id, "tag-" + tag});
                }
            }
            jdbc.batchUpdate("""
                    insert into subscriber (id, email, email_key, status, frequency, timezone, send_hour, alerts,
                                            quiet_from, quiet_until, link_generation, created_at, confirmed_at,
                                            updated_at)
                    values (?, ?, ?, ?, 'DAILY', ?, ?, ?, ?, ?, 0, ?, ?, ?)
                    """, rows);
            jdbc.batchUpdate("insert into subscriber_tag (subscriber_id, tag_key) values (?, ?)", follows);
        }

        for (int from = 0; from < HISTORY; from += 10_000) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = from; i < from + 10_000; i++) {
                int reader = 1 + i % total;
                OffsetDateTime day = created.plusDays(i / total);
                rows.add(new Object[] {reader, "reader" + reader + "@example.com", "articles=" + (1 + i % 4) + "&more=0",
                        day, day, day, day});
            }
            jdbc.batchUpdate("""
                    insert into delivery (kind, lane, subscriber_id, recipient, content, status, attempts, created_at,
                                          queued_at, available_at, sent_at)
                    values ('DIGEST', null, ?, ?, ?, 'SENT', 1, ?, ?, ?, ?)
                    """, rows);
        }
        jdbc.execute("analyze");
        return stories;
    }
}
